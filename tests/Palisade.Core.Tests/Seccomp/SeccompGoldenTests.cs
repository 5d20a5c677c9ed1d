using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Seccomp;

namespace Palisade.Core.Tests.Seccomp;

/// <summary>
/// Golden files: <c>testdata/seccomp/&lt;case&gt;/input.json</c> beside <c>expected.json</c>. The input names the
/// operation: <c>{"generate": {"architecture", "defaultAction", "names"}}</c>, <c>{"diff": [a, b]}</c> or
/// <c>{"merge": [profiles]}</c>. Set PALISADE_UPDATE_GOLDEN=1 to rewrite the expected files, then review the diff.
/// </summary>
public sealed class SeccompGoldenTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Join(AppContext.BaseDirectory, "testdata", "seccomp")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_GoldenCase_MatchesExpected(string name)
    {
        var dir = Path.Join(AppContext.BaseDirectory, "testdata", "seccomp", name);
        var input = JsonNode.Parse(File.ReadAllText(Path.Join(dir, "input.json")))!.AsObject();

        var actual = Run(input).ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

        if (Environment.GetEnvironmentVariable("PALISADE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Join(SourceFolder(), "testdata", "seccomp", name, "expected.json"), actual);
        }

        Assert.Equal(File.ReadAllText(Path.Join(dir, "expected.json")).ReplaceLineEndings("\n"), actual);
    }

    private static JsonObject Run(JsonObject input)
    {
        if (input["generate"] is JsonObject generate)
        {
            var options = new GenerateOptions
            {
                Architecture = (string?)generate["architecture"] ?? "x86_64",
                DefaultAction = Enum.Parse<SeccompDefaultAction>((string?)generate["defaultAction"] ?? "Errno"),
                IncludeRuntimeSyscalls = (bool?)generate["includeRuntimeSyscalls"] ?? true,
            };
            var names = generate["names"]!.AsArray().Select(n => (string)n!);
            var result = SeccompGenerator.Generate(names, options);
            return new JsonObject
            {
                ["profile"] = Rendered(result.Profile),
                ["dropped"] = Strings(result.DroppedNames),
                ["warnings"] = Strings(result.Warnings),
                ["problems"] = Strings(SeccompValidator.Validate(result.Profile).Select(p => p.Message)),
            };
        }

        if (input["diff"] is JsonArray diff)
        {
            var result = SeccompDiff.Compare(Profile(diff[0]!), Profile(diff[1]!));
            return new JsonObject { ["added"] = Strings(result.Added), ["removed"] = Strings(result.Removed) };
        }

        var merged = SeccompMerge.Merge(input["merge"]!.AsArray().Select(p => Profile(p!)));
        return new JsonObject
        {
            ["profile"] = Rendered(merged),
            ["problems"] = Strings(SeccompValidator.Validate(merged).Select(p => p.Message)),
        };
    }

    private static SeccompProfile Profile(JsonNode node)
    {
        var result = SeccompProfileReader.Read(node.ToJsonString(), "input.json");
        Assert.Empty(result.Diagnostics);
        return result.Profile!;
    }

    private static JsonNode Rendered(SeccompProfile profile) => JsonNode.Parse(SeccompProfileWriter.Write(profile))!;

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    private static string SourceFolder([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}

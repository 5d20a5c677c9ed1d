using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Palisade.Core.Policy;
using Palisade.Core.Policy.Export;

namespace Palisade.Core.Tests.Policy.Export;

/// <summary>
/// Golden files per target and per Kubernetes / Kyverno version boundary: <c>testdata/export/golden/&lt;case&gt;/input.json</c>
/// (<c>policy</c>: builtin or a file under testdata/export/policies, <c>target</c>, <c>kubernetes</c>, <c>kyverno</c>
/// minors) beside <c>expected.yaml</c>: every file, then the losses and notes, or the refusal. The Rego in the
/// Gatekeeper cases is covered only here: nothing on this machine can run it. Set PALISADE_UPDATE_GOLDEN=1 to rewrite
/// the expected files, then review the diff.
/// </summary>
public sealed class ExportGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Join(AppContext.BaseDirectory, "testdata", "export", "golden")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_GoldenCase_MatchesExpected(string name)
    {
        var dir = Path.Join(AppContext.BaseDirectory, "testdata", "export", "golden", name);
        var input = JsonNode.Parse(File.ReadAllText(Path.Join(dir, "input.json")))!.AsObject();

        var actual = Render(PolicyExporter.Export(Policy(input["policy"]!.GetValue<string>()), Options(input)));

        if (Environment.GetEnvironmentVariable("PALISADE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Join(SourceFolder(), "testdata", "export", "golden", name, "expected.yaml"), actual);
        }

        Assert.Equal(File.ReadAllText(Path.Join(dir, "expected.yaml")).ReplaceLineEndings("\n"), actual);
    }

    internal static RuntimePolicy Policy(string name) => name == "builtin"
        ? RuntimePolicyLoader.Default
        : RuntimePolicyLoader.Load(Path.Join(AppContext.BaseDirectory, "testdata", "export", "policies", name + ".yaml"));

    internal static ExportOptions Options(JsonObject input) => new(
        Enum.Parse<ExportTarget>(input["target"]!.GetValue<string>(), ignoreCase: true),
        (int?)input["kubernetes"] ?? ExportOptions.DefaultKubernetesMinor,
        (int?)input["kyverno"] ?? ExportOptions.DefaultKyvernoMinor);

    private static string Render(ExportResult result)
    {
        if (result.Refusal is { } refusal)
        {
            return $"# refused: {refusal}\n";
        }

        var text = new StringBuilder();
        foreach (var file in result.Files)
        {
            text.Append(file.ToYaml($"# file: {file.Name}\n"));
            text.Append("...\n");
        }

        foreach (var loss in result.Losses)
        {
            text.Append("# lost: ").Append(loss).Append('\n');
        }

        foreach (var note in result.Notes)
        {
            text.Append("# note: ").Append(note).Append('\n');
        }

        return text.ToString();
    }

    private static string SourceFolder([CallerFilePath] string file = "") => Path.GetFullPath(Path.Join(Path.GetDirectoryName(file)!, "..", ".."));
}

using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Manifests;

namespace Palisade.Core.Tests.Manifests;

/// <summary>
/// Golden files: <c>testdata/manifests/&lt;case&gt;/input.*</c> beside <c>expected.json</c> (objects with every
/// position, and diagnostics). Set PALISADE_UPDATE_GOLDEN=1 to rewrite the expected files, then review the diff.
/// </summary>
public sealed class ManifestGoldenTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Join(AppContext.BaseDirectory, "testdata", "manifests")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LoadText_GoldenCase_MatchesExpected(string name)
    {
        var dir = Path.Join(AppContext.BaseDirectory, "testdata", "manifests", name);
        var input = Directory.GetFiles(dir, "input.*").Single();
        var set = ManifestLoader.LoadText(Path.GetFileName(input), File.ReadAllText(input));

        var actual = Render(set).ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

        if (Environment.GetEnvironmentVariable("PALISADE_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Join(SourceFolder(), "testdata", "manifests", name, "expected.json"), actual);
        }

        Assert.Equal(File.ReadAllText(Path.Join(dir, "expected.json")).ReplaceLineEndings("\n"), actual);
    }

    private static JsonObject Render(ManifestSet set)
    {
        var objects = new JsonArray();
        foreach (var obj in set.Objects)
        {
            var positions = new JsonObject();
            foreach (var (pointer, position) in obj.Positions.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                positions[pointer] = $"{position.Line}:{position.Column}";
            }

            objects.Add(new JsonObject
            {
                ["document"] = obj.Document,
                ["item"] = obj.Item,
                ["kind"] = obj.Kind,
                ["name"] = obj.Name,
                ["body"] = obj.Body.DeepClone(),
                ["positions"] = positions,
            });
        }

        return new JsonObject
        {
            ["objects"] = objects,
            ["diagnostics"] = new JsonArray(set.Diagnostics.Select(d => (JsonNode?)JsonValue.Create(d.ToString())).ToArray()),
        };
    }

    private static string SourceFolder([CallerFilePath] string path = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}

using System.Text.Json.Nodes;
using Palisade.Core.Checking;
using Palisade.Core.Manifests;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Tests.Manifests;

/// <summary>
/// A literal block scalar whose first line holds only spaces, indented like the content that follows: kubectl
/// (go-yaml) and PyYAML read it, YamlDotNet alone said "found extra spaces in first line" and dropped the rest of the
/// file. Expected values are go-yaml's.
/// </summary>
public sealed class BlockScalarBlankLinesTests
{
    // What a Helm chart renders: a ConfigMap whose script starts with an indented blank line, then a Deployment.
    private const string HelmRendered =
        "apiVersion: v1\n" +
        "kind: ConfigMap\n" +
        "metadata:\n" +
        "  name: scripts\n" +
        "data:\n" +
        "  start.sh: |\n" +
        "    \n" +
        "    echo start\n" +
        "  note: >-\n" +
        "    \n" +
        "    folded text\n" +
        "---\n" +
        "apiVersion: apps/v1\n" +
        "kind: Deployment\n" +
        "metadata:\n" +
        "  name: web\n" +
        "spec:\n" +
        "  template:\n" +
        "    spec:\n" +
        "      containers:\n" +
        "        - name: app\n" +
        "          image: app:1\n" +
        "          securityContext:\n" +
        "            privileged: true\n";

    [Fact]
    public void Check_HelmConfigMapWithSpacesOnlyFirstLine_ReadsItAndChecksWhatFollows()
    {
        using var folder = new TempFolder();
        var file = folder.Write("rendered.yaml", HelmRendered);

        var set = ManifestLoader.Load([file]);
        var report = ManifestChecker.Check(set, new CheckOptions(PodSecurityLevel.Baseline));

        Assert.Empty(set.Diagnostics);
        Assert.Equal(["ConfigMap", "Deployment"], set.Objects.Select(o => o.Kind));
        var data = (JsonObject)set.Objects[0].Body["data"]!;
        Assert.Equal("\necho start\n", (string?)data["start.sh"]);
        Assert.Equal("\nfolded text", (string?)data["note"]);
        var violation = Assert.Single(Assert.Single(report.Results).Violations);
        Assert.Equal("privileged", violation.Check);
        Assert.Equal(new SourcePosition(24, 13), violation.Position);
    }

    [Fact]
    public void LoadText_SpacesOnlyLineInBlockWithNoContent_IsALineBreak()
    {
        var set = ManifestLoader.LoadText("e.yaml", "kind: Example\nexample: |+\n            \nnullable: true\n");

        Assert.Empty(set.Diagnostics);
        Assert.Equal("\n", (string?)set.Objects[0].Body["example"]);
        Assert.Equal(new SourcePosition(4, 1), set.Objects[0].Locate("/nullable"));
    }

    [Fact]
    public void LoadText_SpacesLineInsideBlockAfterPipeLine_KeepsItsExtraSpaces()
    {
        var set = ManifestLoader.LoadText("s.yaml", "kind: Script\nrun: |\n  echo x |\n     \n  grep y\n");

        Assert.Empty(set.Diagnostics);
        Assert.Equal("echo x |\n   \ngrep y\n", (string?)set.Objects[0].Body["run"]);
    }

    [Theory]
    [InlineData("a: |\n  x\n")]
    [InlineData("a: |\n\n  x\n")]
    [InlineData("a: |2\n    \n  x\n")]
    [InlineData("{\"a\": \"b\"}")]
    public void Normalize_NothingToEmpty_ReturnsTheSameText(string text) =>
        Assert.Same(text, BlockScalarBlankLines.Normalize(text));

    [Theory]
    [InlineData("a: |\n    \n    x\n", "a: |\n\n    x\n")]
    [InlineData("a: |\r\n    \r\n    x\r\n", "a: |\r\n\r\n    x\r\n")]
    [InlineData("- k: >- # c\n    \n    x\n", "- k: >- # c\n\n    x\n")]
    [InlineData("- |\n   \n  x\n", "- |\n   \n  x\n")]
    public void Normalize_SpacesOnlyLeadingLines_AreEmptiedWithinTheirLine(string text, string expected) =>
        Assert.Equal(expected, BlockScalarBlankLines.Normalize(text));
}

using System.Text;
using Palisade.Core.Manifests;

namespace Palisade.Core.Tests.Manifests;

public sealed class ManifestLoaderBadInputTests
{
    [Theory]
    [InlineData("kind: A\nb: c: d\n", "x.yaml:2:5: While scanning a plain scalar value, found invalid mapping.")]
    [InlineData("kind: A\nmetadata:\n  name: a\n bad: 1\n", "x.yaml:4:2: While parsing a block mapping, did not find expected key.")]
    [InlineData("kind: A\nname: 'unterminated\n", "x.yaml:2:7: While scanning a quoted scalar, found unexpected end of stream.")]
    public void LoadText_SyntaxError_ReportsLineColumnAndShortMessage(string text, string expected)
    {
        var set = ManifestLoader.LoadText("x.yaml", text);

        Assert.Equal(expected, Assert.Single(set.Diagnostics).ToString());
    }

    [Fact]
    public void LoadText_SyntaxErrorInLaterDocument_KeepsEarlierObjects()
    {
        var set = ManifestLoader.LoadText("x.yaml", "kind: A\n---\nkind: B\nx: [1, 2\ny: 3\n");

        Assert.Equal("A", Assert.Single(set.Objects).Kind);
        var diagnostic = Assert.Single(set.Diagnostics);
        Assert.StartsWith("x.yaml:", diagnostic.ToString(), StringComparison.Ordinal);
        Assert.True(diagnostic.Position.Line >= 4);
        Assert.DoesNotContain('\n', diagnostic.ToString());
    }

    [Fact]
    public void LoadText_UnknownAlias_Reports()
    {
        var set = ManifestLoader.LoadText("x.yaml", "kind: A\nb: *nope\n");

        Assert.Equal("x.yaml:2:4: unknown alias *nope", Assert.Single(set.Diagnostics).ToString());
    }

    [Fact]
    public void Load_InvalidUtf8_ReportsOffset()
    {
        using var dir = new TempFolder();
        var bytes = Encoding.UTF8.GetBytes("kind: A\nname: x").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        var file = dir.WriteBytes("bad.yaml", bytes);

        var set = ManifestLoader.Load([file]);

        Assert.Empty(set.Objects);
        Assert.Equal($"{file}: not UTF-8 text (invalid byte at offset 15)", Assert.Single(set.Diagnostics).ToString());
    }

    [Fact]
    public void Load_Utf8Bom_IsAccepted()
    {
        using var dir = new TempFolder();
        var file = dir.WriteBytes("bom.yaml", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("kind: A\n")]);

        var set = ManifestLoader.Load([file]);

        Assert.Empty(set.Diagnostics);
        Assert.Equal(new SourcePosition(1, 1), Assert.Single(set.Objects).Position);
    }

    [Fact]
    public void Load_Utf16_ReportsClearly()
    {
        using var dir = new TempFolder();
        var file = dir.WriteBytes("u16.yaml", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("kind: A\n")).ToArray());

        var set = ManifestLoader.Load([file]);

        Assert.Empty(set.Objects);
        Assert.Contains("UTF-16", Assert.Single(set.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileOverSizeLimit_ReportsSizeWithoutReading()
    {
        using var dir = new TempFolder();
        var file = Path.Join(dir.Path, "huge.yaml");
        using (var stream = File.Create(file))
        {
            stream.SetLength(50L * 1024 * 1024);
        }

        var set = ManifestLoader.Load([file]);

        Assert.Empty(set.Objects);
        Assert.Equal($"{file}: file is 50 MB, over the 32 MB limit", Assert.Single(set.Diagnostics).ToString());
    }

    [Fact]
    public void Load_SizeLimitOption_IsHonoured()
    {
        using var dir = new TempFolder();
        var file = dir.Write("f.yaml", "kind: A\n" + new string('#', 3 * 1024 * 1024));

        var set = ManifestLoader.Load([file], options: new ManifestLoaderOptions { MaxFileBytes = 2 * 1024 * 1024 });

        Assert.Equal($"{file}: file is 3 MB, over the 2 MB limit", Assert.Single(set.Diagnostics).ToString());
    }

    [Fact]
    public void LoadText_NestingDeeperThanLimit_ReportsPosition()
    {
        var text = "kind: A\nx: " + string.Concat(Enumerable.Repeat("[", 70)) + string.Concat(Enumerable.Repeat("]", 70)) + "\n";

        var set = ManifestLoader.LoadText("deep.yaml", text);

        Assert.Empty(set.Objects);
        Assert.Equal("deep.yaml:2:67: nesting deeper than 64 levels", Assert.Single(set.Diagnostics).ToString());
    }

    [Fact]
    public void LoadText_NestingAtLimit_IsAccepted()
    {
        var text = "kind: A\nx: " + string.Concat(Enumerable.Repeat("[", 63)) + string.Concat(Enumerable.Repeat("]", 63)) + "\n";

        Assert.Single(ManifestLoader.LoadText("deep.yaml", text).Objects);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadText_HundredThousandDeepFlowSequence_ReportsWithoutOverflow(bool closed)
    {
        var text = "kind: Before\n---\n" + new string('[', 100_000) + (closed ? new string(']', 100_000) : "") + "\n---\nkind: After\n";

        var set = ManifestLoader.LoadText("deep.yaml", text);

        Assert.Equal("deep.yaml:3:65: nesting deeper than 64 levels", Assert.Single(set.Diagnostics).ToString());
        Assert.Equal("Before", Assert.Single(set.Objects).Kind);
    }

    [Fact]
    public void LoadText_ThousandDeepBlockMappings_ReportsWithoutOverflow()
    {
        var sb = new StringBuilder("kind: A\n");
        for (var i = 0; i < 1_000; i++)
        {
            sb.Append(' ', i).Append("k:\n");
        }

        var set = ManifestLoader.LoadText("deep.yaml", sb.ToString());

        Assert.Contains(set.Diagnostics, d => d.Message == "nesting deeper than 64 levels");
    }

    [Fact]
    public void LoadText_BillionLaughs_IsBoundedAndReported()
    {
        var sb = new StringBuilder("kind: ConfigMap\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            sb.Append($"a{i}: &a{i} [")
                .AppendJoin(", ", Enumerable.Repeat($"*a{i - 1}", 10))
                .Append("]\n");
        }

        var set = ManifestLoader.LoadText("lol.yaml", sb.ToString());

        Assert.Empty(set.Objects);
        var diagnostic = Assert.Single(set.Diagnostics);
        Assert.StartsWith("lol.yaml:", diagnostic.ToString(), StringComparison.Ordinal);
        Assert.Contains("too many alias expansions", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_MergeKeyBomb_IsBoundedAndReported()
    {
        var sb = new StringBuilder("kind: ConfigMap\n");
        sb.Append("m0: &m0 {").AppendJoin(", ", Enumerable.Range(0, 50).Select(i => $"k{i}: v")).Append("}\n");
        for (var i = 1; i < 4000; i++)
        {
            sb.Append($"m{i}: &m{i} {{<<: *m{i - 1}, x{i}: 1}}\n");
        }

        var set = ManifestLoader.LoadText("merge.yaml", sb.ToString());

        Assert.Empty(set.Objects);
        Assert.Single(set.Diagnostics);
    }

    [Fact]
    public void Load_FolderWithBinaryYaml_ReportsThatFileAndLoadsOthers()
    {
        using var dir = new TempFolder();
        dir.Write("a.yaml", "kind: A\n");
        var binary = dir.WriteBytes("b.yaml", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xFF, 0xFE, 0x00]);
        var zeros = dir.WriteBytes("c.yaml", new byte[4096]);
        dir.Write("d.yaml", "kind: D\n");

        var set = ManifestLoader.Load([dir.Path]);

        Assert.Equal(["A", "D"], set.Objects.Select(o => o.Kind!));
        Assert.Equal(
            [$"{binary}: not UTF-8 text (invalid byte at offset 10)", $"{zeros}: binary file, not text (NUL byte at offset 0)"],
            set.Diagnostics.Select(d => d.ToString()));
        Assert.Equal(4, set.Files);
    }

    [Fact]
    public void Load_StdinMissing_Reports()
    {
        var set = ManifestLoader.Load(["-"]);

        Assert.Equal("<stdin>: standard input is not available", Assert.Single(set.Diagnostics).ToString());
    }

    [Fact]
    public void LoadText_NonScalarKey_Reports()
    {
        var set = ManifestLoader.LoadText("k.yaml", "kind: A\n? [a, b]\n: c\n");

        Assert.Equal("k.yaml:2:3: mapping key must be a scalar", Assert.Single(set.Diagnostics).ToString());
    }
}

namespace Palisade.Cli.Tests.Commands;

/// <summary>Hostile or broken inputs end in one clear line naming the file and exit code 2, never a hang or a trace.</summary>
public sealed class CheckBadInputTests
{
    [Fact]
    public async Task Check_FiftyMegabyteFile_IsRefusedWithItsSize()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "huge.yaml");
        using (var stream = File.Create(file))
        {
            stream.SetLength(50L * 1024 * 1024);
        }

        var (exit, _, error) = await CliRunner.RunAsync("check", file);

        Assert.Equal(2, exit);
        Assert.Matches(@"huge\.yaml: file is 50 MB, over the 32 MB limit", error);
    }

    [Fact]
    public async Task Check_BillionLaughs_IsBoundedAndReported()
    {
        var lines = new List<string> { "apiVersion: v1", "kind: ConfigMap", "metadata: {name: lol}", "data:", "  a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" };
        for (var i = 1; i < 10; i++)
        {
            var prev = $"*a{i - 1}";
            lines.Add($"  a{i}: &a{i} [{string.Join(',', Enumerable.Repeat(prev, 9))}]");
        }

        using var dir = new TempDir();
        var file = dir.Write("lol.yaml", string.Join('\n', lines) + "\n");

        var (exit, _, error) = await CliRunner.RunAsync("check", file);

        Assert.Equal(2, exit);
        Assert.Contains("lol.yaml:", error, StringComparison.Ordinal);
        Assert.Contains("too many alias expansions", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NotUtf8_NamesTheByteOffset()
    {
        using var dir = new TempDir();
        var file = Path.Combine(dir.Path, "latin1.yaml");
        File.WriteAllBytes(file, [.. "kind: Pod\nmetadata: {name: caf"u8, 0xE9, .. "}\n"u8]);

        var (exit, _, error) = await CliRunner.RunAsync("check", file);

        Assert.Equal(2, exit);
        Assert.Contains("latin1.yaml: not UTF-8 text", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_DeepNesting_IsReportedNotCrashed()
    {
        using var dir = new TempDir();
        var file = dir.Write("deep.yaml", "kind: Pod\nmetadata: {name: " + new string('[', 100_000) + "\n");

        var (exit, _, error) = await CliRunner.RunAsync("check", file);

        Assert.Equal(2, exit);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("deep.yaml:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OneBadFileInFolder_OthersStillChecked()
    {
        using var dir = new TempDir();
        dir.Write("a/bad.yaml", "kind: [\n");
        dir.Write("b/pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: c, securityContext: {privileged: true}}]}\n");

        var (exit, output, error) = await CliRunner.RunAsync("check", dir.Path, "--level", "baseline");

        Assert.Equal(2, exit);
        Assert.Contains("bad.yaml:", error, StringComparison.Ordinal);
        Assert.Contains("Pod p", output, StringComparison.Ordinal);
        Assert.Contains("DENIED", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }
}

namespace Palisade.Cli.Tests.Commands;

/// <summary>Defects the fuzzing pass (<see cref="Fuzz.FuzzTests"/>) found, each named after what the user did.</summary>
public sealed class FuzzFoundTests
{
    private static readonly string Nested70 = "version = 2\na = " + new string('[', 70) + "1" + new string(']', 70) + "\n";

    [Fact]
    public async Task NodeDoctor_ContainerdConfigNested70Deep_IsOneLineNamingTheFileExit2()
    {
        using var dir = new TempDir();
        var file = dir.Write("config.toml", Nested70);

        var (exit, _, err) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", file);

        Assert.Equal(2, exit);
        Assert.Contains($"palisade: {file}:1:1: The maximum depth of 64 has been exceeded", err, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeConfigMerge_IntoAConfigNested70Deep_IsOneLineNamingTheFileExit2AndWritesNothing()
    {
        using var dir = new TempDir();
        var file = dir.Write("config.toml", Nested70);
        var output = Path.Combine(dir.Path, "out.toml");

        var (exit, _, err) = await CliRunner.RunAsync("node", "config", "containerd", "--merge", file, "--output", output);

        Assert.Equal(2, exit);
        Assert.Contains($"palisade: {file}:1:1: The maximum depth of 64 has been exceeded", err, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected error", err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Equal(Nested70, File.ReadAllText(file));
    }
}

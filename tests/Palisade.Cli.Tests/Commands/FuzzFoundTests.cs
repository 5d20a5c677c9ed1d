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

    [Fact]
    public async Task Check_PodNamedWithTerminalEscapes_PrintsThemEscapedNotRaw()
    {
        using var dir = new TempDir();
        var file = dir.Write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: \"evil\\e]0;pwned\\a\\e[2J\"}\nspec: {containers: [{name: \"c\\e[31m\", image: x, securityContext: {privileged: true}}]}\n");

        foreach (var terminal in new[] { false, true })
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            var exit = await PalisadeCli.RunAsync(["check", file], new CliConsole(output, error, new StringReader(""), OutputIsTerminal: terminal));

            Assert.Equal(1, exit);
            var text = output.ToString();
            Assert.Contains("evil\\x1b]0;pwned\\x07\\x1b[2J", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\u0007", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b]0;", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[2J", text, StringComparison.Ordinal);
            Assert.Equal(terminal, text.Contains("\u001b[1;31mDENIED", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Admit_ReviewWhoseApiVersionHoldsTerminalEscapes_ErrorLineShowsThemEscaped()
    {
        using var dir = new TempDir();
        var file = dir.Write("review.json", "{\"apiVersion\":\"x\\u001b[31mred\\u001b]0;title\\u0007\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"1\"}}");

        var (exit, _, err) = await CliRunner.RunAsync("admit", file);

        Assert.Equal(2, exit);
        Assert.Contains("x\\x1b[31mred\\x1b]0;title\\x07", err, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', err);
    }

    [Fact]
    public async Task SeccompValidate_DefaultActionWithANulByte_PrintsItEscaped()
    {
        using var dir = new TempDir();
        var file = dir.Write("p.json", "{\"defaultAction\":\"a\\u0000b\"}");

        var (exit, output, _) = await CliRunner.RunAsync("seccomp", "validate", file);

        Assert.Equal(1, exit);
        Assert.Contains("defaultAction 'a\\x00b' is not a seccomp action", output, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', output);
    }
}

using System.Text.Json;
using System.Text.RegularExpressions;

namespace Palisade.Cli.Tests.Commands;

public sealed partial class VersionAndHelpTests
{
    [Fact]
    public async Task VersionMatchesTheImageTagDeployRunsAndListsTheRuntimesFound()
    {
        var (exit, output, _) = await CliRunner.RunAsync("version", "--format", "json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var version = json.RootElement.GetProperty("palisade").GetString();
        var deployment = await File.ReadAllTextAsync(Path.Combine(CliRunner.RepoRoot, "deploy", "50-deployment.yaml"));
        Assert.Equal(ImageTag().Match(deployment).Groups[1].Value, version);
        var runc = json.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "runc");
        Assert.True(runc.GetProperty("found").GetBoolean());
        Assert.Matches(@"^\d+\.\d+", runc.GetProperty("version").GetString());

        var (textExit, text, _) = await CliRunner.RunAsync("version");
        Assert.Equal(0, textExit);
        Assert.StartsWith($"palisade {version} (", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^runc\s+\d+\.\d+\S*\s+/\S+/runc$", text);
    }

    [Theory]
    [InlineData("chek", "palisade: unknown command 'chek' (did you mean 'check'?)")]
    [InlineData("asess", "palisade: unknown command 'asess' (did you mean 'assess'?)")]
    [InlineData("zzzzzz", "palisade: unknown command 'zzzzzz'")]
    public async Task UnknownCommandsSuggestTheClosestAndExit2(string word, string expected)
    {
        var (exit, _, error) = await CliRunner.RunAsync(word, "foo");
        Assert.Equal(2, exit);
        Assert.Equal(expected, error.Split('\n')[0]);
    }

    [Fact]
    public async Task UnknownSubcommandNamesItsParent()
    {
        var (exit, _, error) = await CliRunner.RunAsync("node", "docter");
        Assert.Equal(2, exit);
        Assert.Equal("palisade node: unknown command 'docter' (did you mean 'doctor'?)", error.Split('\n')[0]);
    }

    [Fact]
    public async Task HelpCommandPrintsTheSamePageAsHelpOptionAndExits0()
    {
        var (exit, output, error) = await CliRunner.RunAsync("help", "node", "doctor");
        var (_, viaOption, _) = await CliRunner.RunAsync("node", "doctor", "--help");
        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Equal(viaOption, output);
        var (rootExit, rootHelp, rootError) = await CliRunner.RunAsync("help");
        Assert.Equal((0, ""), (rootExit, rootError));
        Assert.Contains("version", rootHelp, StringComparison.Ordinal);
        var (badExit, _, badError) = await CliRunner.RunAsync("help", "nod");
        Assert.Equal(2, badExit);
        Assert.Equal("palisade: unknown command 'nod' (did you mean 'node'?)", badError.TrimEnd());
    }

    [Fact]
    public async Task SubcommandHelpShowsItsOwnExamplesNotTheParentsList()
    {
        var (_, doctor, _) = await CliRunner.RunAsync("node", "doctor", "--help");
        Assert.DoesNotContain("Subcommands:", doctor, StringComparison.Ordinal);
        Assert.DoesNotContain("node config", doctor, StringComparison.Ordinal);
        Assert.Contains("palisade node doctor --config-only", doctor, StringComparison.Ordinal);
        var (_, validate, _) = await CliRunner.RunAsync("seccomp", "validate", "--help");
        Assert.Contains("palisade seccomp validate app.json", validate, StringComparison.Ordinal);
        Assert.DoesNotContain("seccomp merge", validate, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeConfigHelpForOneTargetListsOnlyThatTargetsOptions()
    {
        var (exit, containerdPage, _) = await CliRunner.RunAsync("node", "config", "containerd", "--help");
        var containerd = OptionsPart(containerdPage);
        Assert.Equal(0, exit);
        Assert.Contains("--merge", containerd, StringComparison.Ordinal);
        Assert.DoesNotContain("--node-selector", containerd, StringComparison.Ordinal);
        var runtimeClass = OptionsPart((await CliRunner.RunAsync("node", "config", "runtimeclass", "--help")).Out);
        Assert.Contains("--node-selector", runtimeClass, StringComparison.Ordinal);
        Assert.DoesNotContain("--merge", runtimeClass, StringComparison.Ordinal);
        var (_, all, _) = await CliRunner.RunAsync("node", "config", "--help");
        Assert.Contains("--merge", all, StringComparison.Ordinal);
        Assert.Contains("--node-selector", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForceSaysItUnlocksTheOutFolder()
    {
        var (_, help, _) = await CliRunner.RunAsync("assess", "--help");
        Assert.Contains("non-empty --out folder", help, StringComparison.Ordinal);
        Assert.Contains("seccomp-profile.yaml", help, StringComparison.Ordinal);
    }

    private static string OptionsPart(string help)
    {
        var start = help.IndexOf("Options:", StringComparison.Ordinal);
        return help[start..help.IndexOf("\n\n", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"image: \S+:(\S+)")]
    private static partial Regex ImageTag();
}

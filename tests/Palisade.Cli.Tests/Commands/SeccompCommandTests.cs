using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Sandbox.Images;

namespace Palisade.Cli.Tests.Commands;

/// <summary>Profiles generated from a real recording, then proven (or disproven) by running them under runc and runsc.</summary>
[Collection(RealRuntimes.Name)]
public sealed class SeccompCommandTests
{
    [Fact]
    public async Task GenerateThenVerify_SampleUnderItsOwnProfile_BehavesTheSameUnderRuncAndRunsc()
    {
        using var dir = new TempDir();
        var (layout, profile) = await GenerateForSampleAsync(dir);

        var (exit, output, error) = await CliRunner.RunAsync("seccomp", "verify", profile, layout);

        Assert.True(exit == 0, output + error);
        Assert.Contains("runc   unconfined exit 0, with profile exit 0: same behaviour", output, StringComparison.Ordinal);
        Assert.Contains("runsc  unconfined exit 0, with profile exit 0: same behaviour", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ProfileMissingOpenat_FailsUnderBothRuntimesWithEperm()
    {
        using var dir = new TempDir();
        var (layout, profile) = await GenerateForSampleAsync(dir);
        var json = JsonNode.Parse(File.ReadAllText(profile))!;
        var names = json["syscalls"]![0]!["names"]!.AsArray();
        names.Remove(names.Single(n => n!.GetValue<string>() == "openat"));
        var broken = dir.Write("no-openat.json", json.ToJsonString());

        var (exit, output, _) = await CliRunner.RunAsync("seccomp", "verify", broken, layout);

        Assert.Equal(1, exit);
        Assert.Contains("runc   unconfined exit 0, with profile exit 1: DIFFERENT", output, StringComparison.Ordinal);
        Assert.Contains("operation not permitted", output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("runsc  unconfined exit 0, with profile exit 1: DIFFERENT", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_FromTargetDirectly_RecordsThenMatchesGenerateFromRecording()
    {
        using var dir = new TempDir();
        var (layout, fromRecording) = await GenerateForSampleAsync(dir);

        var (exit, output, error) = await CliRunner.RunAsync("seccomp", "generate", layout);

        Assert.True(exit == 0, error);
        var (_, diff, _) = await CliRunner.RunAsync("seccomp", "diff", fromRecording, dir.Write("direct.json", output));
        Assert.Contains("0 added, 0 removed", diff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ProfileWithEveryErrorClass_ListsAllAndExitsOne()
    {
        using var dir = new TempDir();
        var file = dir.Write("bad.json", """
            {"defaultAction":"SCMP_ACT_NOPE","syscalls":[
              {"names":["read","read","bogus"],"action":"SCMP_ACT_ALLOW"},
              {"names":["read"],"action":"SCMP_ACT_ERRNO"}]}
            """);

        var (exit, output, _) = await CliRunner.RunAsync("seccomp", "validate", file);

        Assert.Equal(1, exit);
        foreach (var code in new[] { "invalid-default-action", "duplicate-syscall", "unknown-syscall", "conflicting-rules" })
        {
            Assert.Contains(code, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_MalformedJson_ExitsTwoWithLineAndColumn()
    {
        using var dir = new TempDir();
        var file = dir.Write("broken.json", "{\"defaultAction\": \n  \"x\",,}");

        var (exit, _, error) = await CliRunner.RunAsync("seccomp", "validate", file);

        Assert.Equal(2, exit);
        Assert.Contains("broken.json:2:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiffAndMerge_TwoProfiles_ReportAddedAndUnion()
    {
        using var dir = new TempDir();
        var a = dir.Write("a.json", """{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read","write"],"action":"SCMP_ACT_ALLOW"}]}""");
        var b = dir.Write("b.json", """{"defaultAction":"SCMP_ACT_KILL_PROCESS","syscalls":[{"names":["read","openat"],"action":"SCMP_ACT_ALLOW"}]}""");

        var (exit, output, _) = await CliRunner.RunAsync("seccomp", "diff", a, b);
        Assert.Equal(0, exit);
        Assert.Contains("+ openat", output, StringComparison.Ordinal);
        Assert.Contains("- write", output, StringComparison.Ordinal);

        (exit, output, _) = await CliRunner.RunAsync("seccomp", "merge", a, b);
        Assert.Equal(0, exit);
        using var merged = JsonDocument.Parse(output);
        Assert.Equal("SCMP_ACT_KILL_PROCESS", merged.RootElement.GetProperty("defaultAction").GetString());
        Assert.Equal(["openat", "read", "write"], merged.RootElement.GetProperty("syscalls")[0].GetProperty("names").EnumerateArray().Select(n => n.GetString()));
    }

    private static async Task<(string Layout, string Profile)> GenerateForSampleAsync(TempDir dir)
    {
        var layout = await SampleImages.EnsureLayoutAsync(SampleImage.DataProcessing, CancellationToken.None);
        var recording = Path.Combine(dir.Path, "profile.json");
        var (exit, _, error) = await CliRunner.RunAsync("profile", layout, "--format", "json", "--output", recording);
        Assert.True(exit == 0, error);
        var profile = Path.Combine(dir.Path, "seccomp.json");
        (exit, _, error) = await CliRunner.RunAsync("seccomp", "generate", recording, "--output", profile);
        Assert.True(exit == 0, error);
        return (layout, profile);
    }
}

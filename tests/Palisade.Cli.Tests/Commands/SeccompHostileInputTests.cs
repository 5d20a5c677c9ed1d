using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

/// <summary>Issue 17 #9: seccomp profiles that merge, diff and validate used to accept or weaken.</summary>
public sealed class SeccompHostileInputTests
{
    private const string DenyList = """{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["ptrace","mount"],"action":"SCMP_ACT_ERRNO","errnoRet":1}]}""";

    [Fact]
    public async Task SeccompMerge_DenyListWithAnAllowByDefaultProfile_KeepsPtraceAndMountDenied()
    {
        using var dir = new TempDir();
        var denying = dir.Write("deny.json", DenyList);
        var allowing = dir.Write("allow.json", """{"defaultAction":"SCMP_ACT_ALLOW"}""");

        var (exit, output, error) = await CliRunner.RunAsync("seccomp", "merge", denying, allowing);

        Assert.True(exit == 0, error);
        using var merged = JsonDocument.Parse(output);
        Assert.Equal("SCMP_ACT_ALLOW", merged.RootElement.GetProperty("defaultAction").GetString());
        var rule = Assert.Single(merged.RootElement.GetProperty("syscalls").EnumerateArray());
        Assert.Equal("SCMP_ACT_ERRNO", rule.GetProperty("action").GetString());
        Assert.Equal(["mount", "ptrace"], rule.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
    }

    [Theory]
    [InlineData("""{"defaultAction":"SCMP_ACT_NOPE","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}""", "defaultAction 'SCMP_ACT_NOPE' is not a seccomp action")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_NOPE"}]}""", "Rule 0: action 'SCMP_ACT_NOPE' is not a seccomp action")]
    public async Task SeccompMergeAndDiff_ProfileWithActionScmpActNope_IsAnInputErrorNotCopied(string profile, string message)
    {
        using var dir = new TempDir();
        var bad = dir.Write("nope.json", profile);
        var good = dir.Write("good.json", """{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["write"],"action":"SCMP_ACT_ALLOW"}]}""");

        foreach (var args in new[] { new[] { "seccomp", "merge", good, bad }, ["seccomp", "diff", good, bad] })
        {
            var (exit, output, error) = await CliRunner.RunAsync(args);

            Assert.Equal(2, exit);
            Assert.Contains($"{bad}: {message}", error, StringComparison.Ordinal);
            Assert.DoesNotContain("SCMP_ACT_NOPE\"", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("{\n  // deny everything else\n  \"defaultAction\": \"SCMP_ACT_ERRNO\"\n}\n", ":2:")]
    [InlineData("{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\" /* strict */\n}\n", ":2:")]
    public async Task SeccompValidate_ProfileWithComments_IsRefusedAsRuncAndContainerdRefuseIt(string profile, string line)
    {
        using var dir = new TempDir();
        var file = dir.Write("commented.json", profile);

        var (exit, _, error) = await CliRunner.RunAsync("seccomp", "validate", file);

        Assert.Equal(2, exit);
        Assert.Contains(file + line, error, StringComparison.Ordinal);
        Assert.Contains("A comment ('//' or '/*'): JSON has none, and runc and containerd refuse the profile.", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":7}]}""", "$.syscalls[0].action must be a string.")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":-1}""", "$.defaultErrnoRet must be a whole number from 0 to 4294967295.")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":{"names":["read"]}}""", "$.syscalls must be a list.")]
    [InlineData("""{"defaultAction":"SCMP_ACT_ERRNO","syscalls":[["read"]]}""", "$.syscalls[0] must be an object.")]
    public async Task SeccompValidate_FieldOfTheWrongType_NamesTheFieldNotADotNetType(string profile, string message)
    {
        using var dir = new TempDir();
        var file = dir.Write("typed.json", profile);

        var (exit, _, error) = await CliRunner.RunAsync("seccomp", "validate", file);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Palisade.Core", error, StringComparison.Ordinal);
    }
}

using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

public sealed class DiagnoseCommandTests
{
    private static string Log(string name) =>
        Path.Combine(CliRunner.RepoRoot, "tests", "Palisade.Core.Tests", "testdata", "syscalls", name);

    [Fact]
    public async Task Diagnose_UserfaultfdLogAgainstInstalledRunsc_NamesSyscallErrnoAndFixAndExitsOne()
    {
        var (exit, output, error) = await CliRunner.RunAsync("diagnose", Log("runsc-userfaultfd.boot.txt"));

        Assert.True(exit == 1, error);
        Assert.Contains("BLOCKING  userfaultfd  ENOSYS", output, StringComparison.Ordinal);
        Assert.Contains("userfaultfd is unimplemented in gVisor 20221219: returns ENOSYS; run this workload with Kata", output, StringComparison.Ordinal);
        Assert.Contains("fallback  rseq", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_JsonFormat_HasFindingsWithContractFields()
    {
        var (exit, output, _) = await CliRunner.RunAsync(
            "diagnose", Log("runsc-userfaultfd.boot.txt"), "--format", "json", "--runsc-syscalls", Log("runsc-20221219-syscalls.json"));

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var first = json.RootElement.GetProperty("findings")[0];
        Assert.Equal("userfaultfd", first.GetProperty("syscall").GetString());
        Assert.Equal("ENOSYS", first.GetProperty("errno").GetString());
        Assert.Equal(1, first.GetProperty("count").GetInt64());
        Assert.Equal("Unimplemented", first.GetProperty("support").GetString());
        Assert.Contains("Kata", first.GetProperty("suggestion").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_StraceOfHealthyRuncRun_ExitsZero()
    {
        var (exit, output, _) = await CliRunner.RunAsync(
            "diagnose", Log("strace-runc-busybox.txt"), "--strace-start-at", "/bin/sh", "--runsc-syscalls", Log("runsc-20221219-syscalls.json"));

        Assert.Equal(0, exit);
        Assert.Contains("strace output", output, StringComparison.Ordinal);
        Assert.DoesNotContain("BLOCKING", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_FileThatIsNoLog_ExitsTwoNamingIt()
    {
        var readme = Path.Combine(CliRunner.RepoRoot, "README.md");

        var (exit, _, error) = await CliRunner.RunAsync("diagnose", readme, "--runsc-syscalls", Log("runsc-20221219-syscalls.json"));

        Assert.Equal(2, exit);
        Assert.Contains("README.md: neither a runsc debug log nor strace output", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_BrokenTableFile_ExitsTwo()
    {
        using var dir = new TempDir();
        var table = dir.Write("t.json", "{ not json");

        var (exit, _, error) = await CliRunner.RunAsync("diagnose", Log("runsc-userfaultfd.boot.txt"), "--runsc-syscalls", table);

        Assert.Equal(2, exit);
        Assert.Contains("t.json", error, StringComparison.Ordinal);
    }
}

using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

[Collection(RealRuntimes.Name)]
public sealed class ProfileCommandTests
{
    [Fact]
    public async Task Profile_HostCommandUnderRuncAndRunsc_JsonFollowsContract()
    {
        var (exit, output, error) = await CliRunner.RunAsync("profile", "--format", "json", "--", "/bin/echo", "palisade");

        Assert.True(exit == 0, error + output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal("-- /bin/echo palisade", root.GetProperty("target").GetString());
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["runc", "runsc"], runs.Select(r => r.GetProperty("runtime").GetString()));
        foreach (var run in runs)
        {
            Assert.Equal(0, run.GetProperty("exitCode").GetInt32());
            Assert.Equal("palisade\n", run.GetProperty("stdout").GetString());
            Assert.True(run.GetProperty("durationMs").GetDouble() > 0);
            var write = run.GetProperty("syscalls").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "write");
            Assert.True(write.GetProperty("count").GetInt64() >= 1);
        }

        Assert.Equal("ptrace", runs[1].GetProperty("platform").GetString());
        var compatibility = root.GetProperty("compatibility");
        Assert.True(compatibility.GetProperty("compatible").GetBoolean());
        Assert.True(compatibility.GetProperty("sameOutput").GetBoolean());
        Assert.Equal("20221219", compatibility.GetProperty("runscVersion").GetString());
    }

    [Fact]
    public async Task Profile_CommandFailingOnlyInGvisor_ExitsOneWithTheDivergentSyscall()
    {
        // coreutils ls calls statx in a way gVisor 20221219 rejects with EINVAL.
        var (exit, output, error) = await CliRunner.RunAsync("profile", "--", "/bin/ls", "/");

        Assert.True(exit == 1, error + output);
        Assert.Contains("NOT compatible", output, StringComparison.Ordinal);
        Assert.Contains("Standard output differs", output, StringComparison.Ordinal);
        Assert.Contains("statx EINVAL", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("profile")]
    [InlineData("profile", "--runtime", "native", "/nonexistent")]
    [InlineData("profile", "/nonexistent/image")]
    [InlineData("profile", "--runtime", "kata", "--", "/bin/true")]
    [InlineData("profile", "--timeout", "0", "--", "/bin/true")]
    public async Task Profile_BadUsage_ExitsTwoWithOneLine(params string[] args)
    {
        var (exit, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("palisade", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}

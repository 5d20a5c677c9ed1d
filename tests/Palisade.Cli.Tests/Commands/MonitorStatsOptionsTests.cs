namespace Palisade.Cli.Tests.Commands;

/// <summary><c>palisade monitor</c>'s resource-reading options: validated before anything listens, and documented in help.</summary>
public sealed class MonitorStatsOptionsTests
{
    [Theory]
    [InlineData("0.5")]
    [InlineData("-1")]
    [InlineData("7200")]
    public async Task StatsInterval_OutOfRange_IsBadInputExit2(string seconds)
    {
        var (exit, _, error) = await CliRunner.RunAsync("monitor", "--stats-interval", seconds, "--socket", "/nonexistent/m.sock");

        Assert.Equal(2, exit);
        Assert.Contains("--stats-interval", error, StringComparison.Ordinal);
        Assert.Contains("must be 0 (off) or 1 to 3600 seconds", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_NamesTheRunscRootDefaultAndTheStatsInterval()
    {
        var (exit, output, _) = await CliRunner.RunAsync("monitor", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("--runsc-root", output, StringComparison.Ordinal);
        Assert.Contains("/run/containerd/runsc/k8s.io", output, StringComparison.Ordinal);
        Assert.Contains("--stats-interval", output, StringComparison.Ordinal);
    }
}

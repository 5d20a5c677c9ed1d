using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Tests.Runtimes;

/// <summary>The runsc entry the monitor's resource readings use, with the real runsc.</summary>
public sealed class RunscToolTests
{
    [Fact]
    public async Task RunAsync_Version_ReturnsExitCodeAndStdout()
    {
        var result = await RunscTool.RunAsync(["--version"], TimeSpan.FromSeconds(30), 64 * 1024, CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("runsc version", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownContainer_IsANonZeroExitNotAnException()
    {
        var root = Directory.CreateTempSubdirectory("palisade-runsc-tool-").FullName;
        try
        {
            var result = await RunscTool.RunAsync(["--root", root, "events", "--stats", "--", "no-such-container"], TimeSpan.FromSeconds(30), 64 * 1024, CancellationToken.None);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Equal("", result.Stdout);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_OutputPastTheCap_IsCut()
    {
        var result = await RunscTool.RunAsync(["help"], TimeSpan.FromSeconds(30), 16, CancellationToken.None);

        Assert.True(result.Stdout.Length <= 16, result.Stdout);
    }
}

using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Tests.Runtimes;

[Collection(RealRuntimes.Name)]
public sealed class BundleRunnerTests(BusyboxBundleFixture fixture)
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(20);
    private readonly BundleRunner runner = new();

    [Fact]
    public async Task RunAsync_RuncShellExits3_ReturnsExitCodeAndStdout()
    {
        var result = await runner.RunAsync(fixture.Bundle("sh", "-c", "echo hello; exit 3"), RuntimeKind.Runc, new RunOptions(Quick, false), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello\n", result.Stdout);
        Assert.False(result.TimedOut);
        Assert.Null(result.Platform);
        Assert.Empty(result.TraceFiles);
        AssertNothingLeft(result.ContainerId);
    }

    [Fact]
    public async Task RunAsync_RuncWithCapture_WritesStraceFileWithWorkloadExecve()
    {
        var work = fixture.WorkFolder();

        var result = await runner.RunAsync(fixture.Bundle("sh", "-c", "echo hello; exit 3"), RuntimeKind.Runc, new RunOptions(Quick, true, WorkDirectory: work), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello\n", result.Stdout);
        var trace = Assert.Single(result.TraceFiles);
        Assert.Equal(Path.Combine(work, "strace.txt"), trace);
        Assert.Contains("execve(\"/bin/sh\"", await File.ReadAllTextAsync(trace));
        AssertNothingLeft(result.ContainerId);
    }

    [Fact]
    public async Task RunAsync_RunscUname_ReportsGvisorSyntheticKernel()
    {
        var result = await runner.RunAsync(fixture.Bundle("uname", "-r"), RuntimeKind.Runsc, new RunOptions(Quick, false), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("4.4.0", result.Stdout.Trim());
        Assert.Equal("ptrace", result.Platform);
        AssertNothingLeft(result.ContainerId);
    }

    [Fact]
    public async Task RunAsync_RunscWithCapture_WritesBootLogWithStraceLines()
    {
        var work = fixture.WorkFolder();

        var result = await runner.RunAsync(fixture.Bundle("sh", "-c", "echo hello; exit 3"), RuntimeKind.Runsc, new RunOptions(Quick, true, WorkDirectory: work), CancellationToken.None);

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello\n", result.Stdout);
        var boot = Assert.Single(result.TraceFiles, f => f.EndsWith(".boot.txt", StringComparison.Ordinal));
        Assert.StartsWith(Path.Combine(work, "runsc-logs"), boot, StringComparison.Ordinal);
        Assert.Contains("strace.go", await File.ReadAllTextAsync(boot));
        AssertNothingLeft(result.ContainerId);
    }

    [Theory]
    [InlineData(RuntimeKind.Runc, false)]
    [InlineData(RuntimeKind.Runsc, false)]
    [InlineData(RuntimeKind.Runc, true)]
    [InlineData(RuntimeKind.Runsc, true)]
    public async Task RunAsync_SleepPastTimeout_TimesOutQuicklyAndLeavesNothing(RuntimeKind runtime, bool capture)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var options = new RunOptions(TimeSpan.FromSeconds(2), capture, WorkDirectory: fixture.WorkFolder());

        var result = await runner.RunAsync(fixture.Bundle("sleep", "60"), runtime, options, CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8));
        AssertNothingLeft(result.ContainerId);
    }

    [Theory]
    [InlineData(RuntimeKind.Runc)]
    [InlineData(RuntimeKind.Runsc)]
    public async Task RunAsync_CancelledWhileSleeping_ThrowsQuicklyAndLeavesNothing(RuntimeKind runtime)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var before = LiveStateRoots();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => runner.RunAsync(fixture.Bundle("sleep", "60"), runtime, new RunOptions(TimeSpan.FromSeconds(60), false), cancel.Token));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8));
        Assert.Equal(before, LiveStateRoots());
        Assert.Empty(ProcFs.PidsWithCommandLineContaining("palisade-state-"));
    }

    [Fact]
    public async Task RunAsync_ThreeMebibytesOfOutput_KeepsFirstLimitAndFlagsTruncation()
    {
        var bundle = fixture.Bundle("sh", "-c", "yes 0123456789abcdef | head -c 3145728");

        var result = await runner.RunAsync(bundle, RuntimeKind.Runc, new RunOptions(Quick, false, OutputLimitBytes: 1024 * 1024), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.OutputTruncated);
        Assert.Equal(1024 * 1024, result.Stdout.Length);
        Assert.StartsWith("0123456789abcdef\n0123456789abcdef\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NativeWithCapture_RunsOnHostUnderStrace()
    {
        var work = fixture.WorkFolder();
        var bundle = fixture.Bundle("/bin/busybox", "sh", "-c", "echo native; exit 4");

        var result = await runner.RunAsync(bundle, RuntimeKind.Native, new RunOptions(Quick, true, WorkDirectory: work), CancellationToken.None);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("native\n", result.Stdout);
        Assert.Contains("execve(\"/bin/busybox\"", await File.ReadAllTextAsync(Assert.Single(result.TraceFiles)));
    }

    [Fact]
    public async Task RunAsync_FolderWithoutConfig_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => runner.RunAsync(fixture.RootFs, RuntimeKind.Runc, new RunOptions(Quick, false), CancellationToken.None));
    }

    [Theory]
    [InlineData(RuntimeKind.Runc)]
    [InlineData(RuntimeKind.Runsc)]
    public async Task RunAsync_SleepOneSecond_ReportsPeakMemory(RuntimeKind runtime)
    {
        var result = await runner.RunAsync(fixture.Bundle("sleep", "1"), runtime, new RunOptions(Quick, false), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        // runc: the busybox workload alone (about 1 MiB); runsc: run + gofer + sandbox processes (tens of MiB).
        var floor = runtime == RuntimeKind.Runsc ? 16L << 20 : 256L << 10;
        Assert.InRange(result.PeakMemoryBytes ?? 0, floor, 2L << 30);
        AssertNothingLeft(result.ContainerId);
    }

    [Fact]
    public async Task RunAsync_NetworkRequested_ThrowsNotSupported()
    {
        await Assert.ThrowsAsync<NotSupportedException>(
            () => runner.RunAsync(fixture.Bundle("true"), RuntimeKind.Runc, new RunOptions(Quick, false, Network: true), CancellationToken.None));
    }

    private static string[] LiveStateRoots() =>
        [.. Directory.GetDirectories(Path.GetTempPath(), "palisade-state-*").Order(StringComparer.Ordinal)];

    private static void AssertNothingLeft(string containerId)
    {
        Assert.StartsWith("palisade-", containerId, StringComparison.Ordinal);
        Assert.Empty(ProcFs.PidsWithCommandLineContaining(containerId));
        Assert.False(Directory.Exists(BundleRunner.StateRootFor(containerId)));
        Assert.DoesNotContain(containerId, File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
    }
}

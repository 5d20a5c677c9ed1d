using System.Globalization;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Tests.Runtimes;

/// <summary>The one process runner, with real programs: sh, sleep, yes, env.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task RunAsync_ExitCodeAndBothStreams_AreReported()
    {
        var result = await ChildProcess.RunAsync(new ChildProcessStart("sh", ["-c", "echo out; echo err >&2; exit 7"]), TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(7, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal("out\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }

    [Fact]
    public async Task RunAsync_Timeout_KillsTheChildAndItsGrandchild()
    {
        using var dir = new TempFolder();
        var pidFile = Path.Combine(dir.Path, "grandchild.pid");

        var result = await ChildProcess.RunAsync(new ChildProcessStart("sh", ["-c", $"sleep 300 & echo $! > {pidFile}; wait"]), TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.True(result.TimedOut);
        Assert.Null(result.ExitCode);
        var grandchild = int.Parse((await File.ReadAllTextAsync(pidFile)).Trim(), CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{grandchild}") && !IsZombie(grandchild), $"sleep {grandchild} survived the timeout");
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsTheTreeAndThrows()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChildProcess.RunAsync(new ChildProcessStart("sleep", ["300"]), TimeSpan.FromMinutes(5), cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_EndlessOutput_KeepsOnlyTheLimitAndStillEnds()
    {
        var result = await ChildProcess.RunAsync(new ChildProcessStart("sh", ["-c", "yes | head -c 5000000"]) { OutputLimit = 1000 }, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1000, result.Stdout.Length);
    }

    [Fact]
    public async Task Start_ReplacedAndAddedEnvironment_IsWhatTheChildSees()
    {
        var start = new ChildProcessStart("/usr/bin/env", [])
        {
            Environment = [new("ONLY", "this"), new("PATH", "/usr/bin:/bin")],
            AddedEnvironment = new Dictionary<string, string> { ["ADDED"] = "too" },
        };

        var result = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(["ADDED=too", "ONLY=this", "PATH=/usr/bin:/bin"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Start_OnLine_DeliversEachLineAsItComes()
    {
        var lines = new List<string>();
        using var child = ChildProcess.Start(new ChildProcessStart("sh", ["-c", "echo first; sleep 0.2; echo second >&2"]) { OnLine = l => { lock (lines) { lines.Add(l); } } });

        await child.WaitForExitAsync(CancellationToken.None);
        await Task.WhenAll(child.Stdout, child.Stderr);

        Assert.Equal(["first", "second"], lines);
    }

    [Fact]
    public void Start_MissingProgram_Throws()
    {
        Assert.Throws<System.ComponentModel.Win32Exception>(() => ChildProcess.Start(new ChildProcessStart("/nonexistent/palisade-nothing", [])));
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("palisade-child-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

using System.Diagnostics;
using System.Text;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Node;

/// <summary>
/// A containerd started by Palisade with a config of its own (root, state and socket in a folder of the caller's):
/// used by the tests and by anyone who wants to try a generated config without touching the node's containerd.
/// Disposing stops it (SIGTERM, then SIGKILL) and unmounts whatever it left mounted under <see cref="Folder"/>.
/// </summary>
public sealed class ContainerdDaemon : IAsyncDisposable
{
    /// <summary>The line containerd logs once every plugin has been loaded (or skipped) and its sockets serve.</summary>
    public const string BootedMarker = "containerd successfully booted";

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly ChildProcess process;
    private readonly StringBuilder log;

    private ContainerdDaemon(ChildProcess process, StringBuilder log, string socket, string folder)
    {
        this.process = process;
        this.log = log;
        Socket = socket;
        Folder = folder;
    }

    /// <summary>The gRPC socket (containerd's API and CRI).</summary>
    public string Socket { get; }

    /// <summary>The folder holding its root, state and socket.</summary>
    public string Folder { get; }

    /// <summary>Everything containerd has logged so far.</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    /// <summary>Starts <c>containerd --config CONFIG</c> and waits until it has booted.</summary>
    /// <param name="configPath">The config; its root, state and grpc address should point into <paramref name="folder"/>.</param>
    /// <param name="socket">The grpc address the config names.</param>
    /// <param name="folder">The folder to clean up on dispose.</param>
    /// <param name="timeout">How long booting may take.</param>
    /// <param name="ct">Cancels the wait (and stops the daemon).</param>
    /// <exception cref="EnvironmentProblemException">containerd is not installed.</exception>
    /// <exception cref="InvalidOperationException">containerd exited or did not boot in time; the message holds its last log lines.</exception>
    public static async Task<ContainerdDaemon> StartAsync(string configPath, string socket, string folder, TimeSpan timeout, CancellationToken ct)
    {
        var binary = RuntimeProbe.Require("containerd");
        // Its log is read line by line as it comes (the boot marker, and the tail for errors), kept once, here.
        var log = new StringBuilder();
        var process = ChildProcess.Start(new ChildProcessStart(binary, ["--config", configPath]) { OnLine = line => Append(log, line), OutputLimit = 0 });
        var daemon = new ContainerdDaemon(process, log, socket, folder);
        try
        {
            var clock = Stopwatch.StartNew();
            while (!daemon.Log.Contains(BootedMarker, StringComparison.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"containerd exited with code {process.ExitCode} while starting: {Tail(daemon.Log)}");
                }

                if (clock.Elapsed > timeout)
                {
                    throw new InvalidOperationException($"containerd did not boot within {timeout.TotalSeconds:0} s: {Tail(daemon.Log)}");
                }

                await Task.Delay(50, ct).ConfigureAwait(false);
            }

            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops containerd and unmounts what it left under <see cref="Folder"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await ToolCommand.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], StopGrace, CancellationToken.None).ConfigureAwait(false);
            if (!await process.ExitsWithinAsync(StopGrace).ConfigureAwait(false))
            {
                await process.KillTreeAsync().ConfigureAwait(false);
            }
        }

        await Task.WhenAll(process.Stdout, process.Stderr).ConfigureAwait(false);
        process.Dispose();
        await CleanUpAsync(Folder).ConfigureAwait(false);
    }

    /// <summary>Ends the shims and sandboxes a containerd on <paramref name="folder"/> left behind and unmounts what they left mounted there.</summary>
    public static async Task CleanUpAsync(string folder)
    {
        KillProcessesNaming(folder);
        await UnmountUnderAsync(folder).ConfigureAwait(false);
    }

    /// <summary>
    /// Shims and sandboxes outlive containerd by design. Those of a failed run would linger: every process whose command
    /// line names <paramref name="folder"/> (shims carry its socket, runsc its log path) was started for this daemon.
    /// </summary>
    internal static void KillProcessesNaming(string folder)
    {
        var marker = Path.GetFullPath(folder).TrimEnd('/') + "/";
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    using var leftover = Process.GetProcessById(pid);
                    leftover.Kill(entireProcessTree: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already, or not ours to read.
            }
        }
    }

    /// <summary>Lazily unmounts every mount point below <paramref name="folder"/>, deepest first (snapshots, shm, rootfs).</summary>
    internal static async Task UnmountUnderAsync(string folder)
    {
        var prefix = Path.GetFullPath(folder).TrimEnd('/') + "/";
        var mounts = (await File.ReadAllLinesAsync("/proc/self/mountinfo").ConfigureAwait(false))
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => fields[4].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(point => point.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(point => point.Length)
            .ToList();
        foreach (var point in mounts)
        {
            await ToolCommand.RunAsync("umount", ["-l", point], StopGrace, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", lines.Where(l => l.Contains("level=error", StringComparison.Ordinal) || l.Contains("level=fatal", StringComparison.Ordinal)).DefaultIfEmpty(lines.LastOrDefault() ?? "(no output)").TakeLast(3));
    }

    private static void Append(StringBuilder log, string line)
    {
        lock (log)
        {
            log.Append(line).Append('\n');
        }
    }
}

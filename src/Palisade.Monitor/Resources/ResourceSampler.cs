using Palisade.Core.Monitoring;

namespace Palisade.Monitor.Resources;

/// <summary>
/// Reads the resource usage of every container whose sandbox is connected to the sink (<c>runsc events --stats</c>,
/// one process per container and reading) and exports it next to the security events, labelled by container id; a
/// container's series go when its sandbox disconnects. Never throws out of a reading: failures are counted.
/// </summary>
/// <remarks>
/// Why <c>runsc events --stats</c> and not the cgroup files: on this host (runsc 20221219, cgroup v1) it fills CPU,
/// memory and pids per container, and a pod's containers share one sandbox cgroup, so only the Sentry's accounting
/// splits usage by container. Its CPU figure is the sandbox cgroup's usage shared out by that accounting, so a sandbox
/// run with --ignore-cgroups (or in a cgroup shared with other work) reports the whole cgroup's CPU. It reports no
/// block I/O (gVisor serves file I/O in the Sentry and the gofer): the I/O series appear only for a runsc that does.
/// </remarks>
internal sealed class ResourceSampler
{
    /// <summary>At most this many containers are followed at once; more are refused (a sandbox inventing ids).</summary>
    public const int MaxContainers = 4096;

    private readonly Lock gate = new();
    private readonly Dictionary<string, int> connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> rootOf = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> roots;
    private readonly RunscRunner runsc;
    private readonly MonitorMetrics metrics;

    public ResourceSampler(IReadOnlyList<string> roots, RunscRunner runsc, MonitorMetrics metrics)
    {
        this.roots = roots;
        this.runsc = runsc;
        this.metrics = metrics;
    }

    /// <summary>Starts following a container a sandbox announced; false for an id runsc could not have made.</summary>
    public bool Track(string containerId)
    {
        if (!IsContainerId(containerId))
        {
            metrics.StatsErrors.WithLabels("bad_id").Inc();
            return false;
        }

        lock (gate)
        {
            if (!connections.TryGetValue(containerId, out var count) && connections.Count >= MaxContainers)
            {
                metrics.StatsErrors.WithLabels("too_many").Inc();
                return false;
            }

            connections[containerId] = count + 1;
            return true;
        }
    }

    /// <summary>Its sandbox disconnected: once no connection announces it any more, its series are removed.</summary>
    public void Forget(string containerId)
    {
        lock (gate)
        {
            if (!connections.TryGetValue(containerId, out var count))
            {
                return;
            }

            if (count > 1)
            {
                connections[containerId] = count - 1;
                return;
            }

            connections.Remove(containerId);
            rootOf.Remove(containerId);
            metrics.RemoveSandbox(containerId);
        }
    }

    /// <summary>The containers followed now.</summary>
    public IReadOnlyList<string> Containers()
    {
        lock (gate)
        {
            return [.. connections.Keys];
        }
    }

    /// <summary>Reads every followed container once, one after another.</summary>
    public async Task SampleOnceAsync(CancellationToken cancel)
    {
        foreach (var id in Containers())
        {
            var usage = await ReadAsync(id, cancel).ConfigureAwait(false);
            if (usage is not null)
            {
                lock (gate)
                {
                    // The sandbox may have gone while runsc ran: do not bring its series back.
                    if (connections.ContainsKey(id))
                    {
                        metrics.SetSandbox(usage);
                    }
                }
            }
        }
    }

    /// <summary>Reads every <paramref name="interval"/> until cancelled.</summary>
    public async Task RunAsync(TimeSpan interval, TimeProvider time, CancellationToken cancel)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false))
            {
                await SampleOnceAsync(cancel).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    // runsc's own rule for ids is letters, digits and _ + . -; refusing a leading '-' as well keeps an id from being
    // read as a flag (it is also passed after "--").
    internal static bool IsContainerId(string id) =>
        id.Length is > 0 and <= 256 && id[0] != '-' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '.' or '-');

    private async Task<SandboxUsage?> ReadAsync(string id, CancellationToken cancel)
    {
        string? known;
        lock (gate)
        {
            rootOf.TryGetValue(id, out known);
        }

        var candidates = known is null ? roots.Where(Directory.Exists) : roots.Where(r => r == known).Concat(roots.Where(r => r != known && Directory.Exists(r)));
        foreach (var root in candidates)
        {
            RunscOutput output;
            try
            {
                output = await runsc(["--root", root, "events", "--stats", "--", id], cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
            {
                metrics.StatsErrors.WithLabels("runsc").Inc();
                return null;
            }

            if (output.ExitCode != 0)
            {
                continue; // not under this root (or already gone)
            }

            var usage = RunscStatsParser.Parse(output.Stdout, id);
            if (usage is null)
            {
                metrics.StatsErrors.WithLabels("malformed").Inc();
                return null;
            }

            lock (gate)
            {
                if (connections.ContainsKey(id))
                {
                    rootOf[id] = root;
                }
            }

            return usage;
        }

        metrics.StatsErrors.WithLabels("not_found").Inc();
        return null;
    }
}

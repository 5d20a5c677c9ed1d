namespace Palisade.Sandbox.Runtimes;

/// <summary>
/// Samples a process and its descendants every 50 ms and remembers each process's highest VmHWM. The result is the
/// sum of those per-process peaks: an upper bound of the tree's simultaneous peak, exact for a single process.
/// Processes that start and end between two samples are missed, so a very short run reports null. It also keeps the
/// highest sum of the tree's proportional set sizes (PSS) seen in one sample, which counts shared pages once.
/// </summary>
internal sealed class PeakMemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<int, long> peaks = [];
    private long peakProportional;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private PeakMemorySampler(int rootPid, Func<string, bool> include, bool rootInProportional) =>
        loop = Task.Run(() => LoopAsync(rootPid, include, rootInProportional));

    /// <summary>Starts sampling <paramref name="rootPid"/> and its descendants whose command name passes <paramref name="include"/>.</summary>
    /// <param name="rootInProportional">
    /// Whether the root counts in the PSS sum: not when it is a runtime's command-line front-end (<c>runsc run</c>),
    /// which a cluster replaces with containerd's shim, so the sum is the sandbox itself (sentry, gofer, stubs).
    /// </param>
    public static PeakMemorySampler Start(int rootPid, Func<string, bool> include, bool rootInProportional = true) => new(rootPid, include, rootInProportional);

    /// <summary>The highest summed PSS of one sample, or null when nothing was sampled; valid after <see cref="StopAsync"/>.</summary>
    public long? PeakProportionalBytes
    {
        get
        {
            lock (peaks)
            {
                return peaks.Count == 0 ? null : peakProportional;
            }
        }
    }

    /// <summary>Stops sampling and returns the sum of per-process peaks, or null when nothing was sampled.</summary>
    public async Task<long?> StopAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        await loop.ConfigureAwait(false);
        lock (peaks)
        {
            return peaks.Count == 0 ? null : peaks.Values.Sum();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        stop.Dispose();
    }

    private async Task LoopAsync(int rootPid, Func<string, bool> include, bool rootInProportional)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var tree = ProcFs.Descendants(rootPid);
            if (ProcFs.Stat(rootPid) is { } root)
            {
                tree[rootPid] = root.Comm;
            }

            long proportional = 0;
            foreach (var (pid, comm) in tree)
            {
                if (include(comm) && ProcFs.PeakResidentBytes(pid) is { } bytes)
                {
                    proportional += pid != rootPid || rootInProportional ? ProcFs.ProportionalResidentBytes(pid) ?? 0 : 0;
                    lock (peaks)
                    {
                        peaks[pid] = Math.Max(bytes, peaks.GetValueOrDefault(pid));
                    }
                }
            }

            lock (peaks)
            {
                peakProportional = Math.Max(peakProportional, proportional);
            }
        }
        while (await WaitAsync(timer).ConfigureAwait(false));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

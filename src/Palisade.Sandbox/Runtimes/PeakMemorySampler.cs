namespace Palisade.Sandbox.Runtimes;

/// <summary>
/// Samples a process and its descendants every 50 ms and remembers each process's highest VmHWM. The result is the
/// sum of those per-process peaks: an upper bound of the tree's simultaneous peak, exact for a single process.
/// Processes that start and end between two samples are missed, so a very short run reports null.
/// </summary>
internal sealed class PeakMemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<int, long> peaks = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    private PeakMemorySampler(int rootPid, Func<string, bool> include) => loop = Task.Run(() => LoopAsync(rootPid, include));

    /// <summary>Starts sampling <paramref name="rootPid"/> and its descendants whose command name passes <paramref name="include"/>.</summary>
    public static PeakMemorySampler Start(int rootPid, Func<string, bool> include) => new(rootPid, include);

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

    private async Task LoopAsync(int rootPid, Func<string, bool> include)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var tree = ProcFs.Descendants(rootPid);
            if (ProcFs.Stat(rootPid) is { } root)
            {
                tree[rootPid] = root.Comm;
            }

            foreach (var (pid, comm) in tree)
            {
                if (include(comm) && ProcFs.PeakResidentBytes(pid) is { } bytes)
                {
                    lock (peaks)
                    {
                        peaks[pid] = Math.Max(bytes, peaks.GetValueOrDefault(pid));
                    }
                }
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

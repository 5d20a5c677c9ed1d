using System.Security.Cryptography;

namespace Palisade.Webhook;

/// <summary>
/// Calls back when the content of any of a few small files changes. A FileSystemWatcher on each folder gives quick
/// notice; a poll catches what it misses (cert-manager and kubelet replace Secret and ConfigMap volumes by swapping a
/// <c>..data</c> symlink, and inotify does not follow symlinks). Changes are detected by content, so touching a file
/// or a swap to identical bytes does nothing.
/// </summary>
internal sealed class FileChangeWatcher : IDisposable
{
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(100);

    private readonly string[] paths;
    private readonly Action onChange;
    private readonly List<FileSystemWatcher> watchers = [];
    private readonly ITimer poll;
    private readonly ITimer settle;
    private readonly Lock gate = new();
    private byte[] fingerprint;
    private bool disposed;

    public FileChangeWatcher(IReadOnlyList<string> files, TimeSpan pollInterval, TimeProvider time, Action onChange)
    {
        paths = [.. files.Select(Path.GetFullPath)];
        this.onChange = onChange;
        fingerprint = Fingerprint();
        settle = time.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        poll = time.CreateTimer(_ => Check(), null, pollInterval, pollInterval);
        foreach (var dir in paths.Select(p => Path.GetDirectoryName(p)!).Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(dir))
            {
                continue;
            }

            var watcher = new FileSystemWatcher(dir) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
            watcher.Changed += (_, _) => Nudge();
            watcher.Created += (_, _) => Nudge();
            watcher.Deleted += (_, _) => Nudge();
            watcher.Renamed += (_, _) => Nudge();
            watcher.EnableRaisingEvents = true;
            watchers.Add(watcher);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
        }

        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }

        poll.Dispose();
        settle.Dispose();
    }

    /// <summary>Writers replace files in several steps; wait for the burst of events to end before reading.</summary>
    private void Nudge() => settle.Change(Debounce, Timeout.InfiniteTimeSpan);

    private void Check()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            var now = Fingerprint();
            if (now.AsSpan().SequenceEqual(fingerprint))
            {
                return;
            }

            fingerprint = now;
        }

        onChange();
    }

    /// <summary>A hash over every file's bytes; a missing or unreadable file hashes as such, so its return is a change.</summary>
    private byte[] Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in paths)
        {
            try
            {
                hash.AppendData(File.ReadAllBytes(path));
                hash.AppendData([1]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                hash.AppendData([0]);
            }
        }

        return hash.GetHashAndReset();
    }
}

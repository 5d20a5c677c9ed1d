using System.Globalization;

namespace Palisade.Sandbox.Runtimes;

/// <summary>
/// The installed runsc's own syscall support table (<c>runsc help syscalls -format json</c>), cached per runsc
/// version. Returned raw: Palisade.Core parses it.
/// </summary>
public static class RunscCompatibility
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The raw JSON table, from <see cref="SandboxPaths.CacheDirectory"/> when cached for this runsc version.</summary>
    public static async Task<string> GetSyscallTableJsonAsync(CancellationToken ct = default) =>
        (await GetSyscallTableAsync(SandboxPaths.CacheDirectory, ct).ConfigureAwait(false)).Json;

    /// <summary>The table with the runsc version it came from (its release date names it in messages: "gVisor 20221219").</summary>
    public static Task<RunscSyscallTable> GetSyscallTableAsync(CancellationToken ct = default) =>
        GetSyscallTableAsync(SandboxPaths.CacheDirectory, ct);

    /// <summary>The cache file used for a runsc version line such as "runsc version 0.0~20221219.0".</summary>
    public static string CacheFileFor(string cacheDirectory, string runscVersion)
    {
        ArgumentNullException.ThrowIfNull(runscVersion);
        var tag = runscVersion.StartsWith("runsc version ", StringComparison.Ordinal) ? runscVersion["runsc version ".Length..] : runscVersion;
        var safe = new string(tag.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return Path.Combine(cacheDirectory, $"runsc-syscalls-{safe}.json");
    }

    internal static async Task<string> GetSyscallTableJsonAsync(string cacheDirectory, CancellationToken ct) =>
        (await GetSyscallTableAsync(cacheDirectory, ct).ConfigureAwait(false)).Json;

    internal static async Task<RunscSyscallTable> GetSyscallTableAsync(string cacheDirectory, CancellationToken ct)
    {
        var runsc = RuntimeProbe.Require("runsc");
        var versionLine = await VersionLineAsync(runsc, cacheDirectory, ct).ConfigureAwait(false);
        var cacheFile = CacheFileFor(cacheDirectory, versionLine);
        if (File.Exists(cacheFile))
        {
            return new RunscSyscallTable(await File.ReadAllTextAsync(cacheFile, ct).ConfigureAwait(false), versionLine, RuntimeProbe.ParseReleaseDate(versionLine));
        }

        var table = await ToolCommand.RunAsync(runsc, ["help", "syscalls", "-format", "json"], CommandTimeout, ct).ConfigureAwait(false);
        if (table.ExitCode != 0 || string.IsNullOrWhiteSpace(table.Stdout))
        {
            throw new EnvironmentProblemException(new EnvironmentProblem(
                $"'{runsc} help syscalls -format json' failed: {table.Stderr.Trim()}", "apt-get install --reinstall -y runsc"));
        }

        Directory.CreateDirectory(cacheDirectory);
        // Write then rename, so a concurrent reader never sees half a table.
        var partial = cacheFile + "." + Environment.ProcessId + ".tmp";
        await File.WriteAllTextAsync(partial, table.Stdout, ct).ConfigureAwait(false);
        File.Move(partial, cacheFile, overwrite: true);
        return new RunscSyscallTable(table.Stdout, versionLine, RuntimeProbe.ParseReleaseDate(versionLine));
    }

    /// <summary>
    /// <c>runsc --version</c>, remembered per binary (path, size and modification time), so a profile does not pay
    /// for starting runsc once more just to name the cache file.
    /// </summary>
    internal static async Task<string> VersionLineAsync(string runsc, string cacheDirectory, CancellationToken ct)
    {
        var binary = new FileInfo(runsc);
        var stamp = Path.Combine(cacheDirectory, string.Create(CultureInfo.InvariantCulture, $"runsc-version-{binary.Length}-{binary.LastWriteTimeUtc.Ticks}.txt"));
        if (File.Exists(stamp))
        {
            var cached = (await File.ReadAllTextAsync(stamp, ct).ConfigureAwait(false)).Trim();
            if (cached.Length > 0)
            {
                return cached;
            }
        }

        var version = await ToolCommand.RunAsync(runsc, ["--version"], CommandTimeout, ct).ConfigureAwait(false);
        var versionLine = version.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (version.ExitCode != 0 || string.IsNullOrEmpty(versionLine))
        {
            throw new EnvironmentProblemException(new EnvironmentProblem(
                $"'{runsc} --version' failed: {version.Stderr.Trim()}", "apt-get install --reinstall -y runsc"));
        }

        Directory.CreateDirectory(cacheDirectory);
        var partial = stamp + "." + Environment.ProcessId + ".tmp";
        await File.WriteAllTextAsync(partial, versionLine, ct).ConfigureAwait(false);
        File.Move(partial, stamp, overwrite: true);
        return versionLine;
    }
}

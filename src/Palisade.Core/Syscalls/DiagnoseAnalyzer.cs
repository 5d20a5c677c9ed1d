using System.Globalization;

namespace Palisade.Core.Syscalls;

/// <summary>
/// Explains one trace (runsc debug log or strace output): a finding per failing (syscall, errno) pair and
/// per syscall runsc reported unsupported, ordered by severity (unsupported first), then by count.
/// Kernel-internal restarts (ERESTART*) are not failures and are left out.
/// </summary>
public static class DiagnoseAnalyzer
{
    private static readonly string[] Impacts = ["blocking", "fallback", "partial", "info"];

    public static IReadOnlyList<DiagnoseFinding> Analyze(SyscallTrace trace, GvisorCompatTable table)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(table);
        var version = table.RunscVersion is null ? "this gVisor" : $"gVisor {table.RunscVersion}";
        var findings = new List<(int Rank, DiagnoseFinding Finding)>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var logged = trace.Unsupported.ToDictionary(u => u.Name, u => u.Count, StringComparer.Ordinal);

        foreach (var stat in trace.Syscalls)
        {
            table.TryGet(stat.Name, out var info);
            var support = info?.Support ?? SyscallSupport.Unknown;
            foreach (var (errno, count) in stat.Errors)
            {
                if (ErrnoNames.IsRestart(errno))
                {
                    continue;
                }

                var unsupported = support == SyscallSupport.Unimplemented || logged.ContainsKey(stat.Name);
                var text = Suggest(stat.Name, errno, count, support, info?.Note, unsupported, version);
                var rank = unsupported ? (FallbackSyscalls.Has(stat.Name) ? 1 : 0) : support == SyscallSupport.Partial ? 2 : 3;
                findings.Add((rank, new DiagnoseFinding(stat.Name, errno, count, CompatibilityAnalyzer.SupportWord(support), text)));
                covered.Add(stat.Name);
            }
        }

        foreach (var (name, count) in logged)
        {
            if (covered.Contains(name))
            {
                continue;
            }

            table.TryGet(name, out var info);
            var support = info?.Support ?? SyscallSupport.Unknown;
            var text = Suggest(name, "ENOSYS", count, support, info?.Note, unsupported: true, version);
            findings.Add((FallbackSyscalls.Has(name) ? 1 : 0, new DiagnoseFinding(name, null, count, CompatibilityAnalyzer.SupportWord(support), text)));
        }

        return findings
            .OrderBy(f => f.Rank)
            .ThenByDescending(f => f.Finding.Count)
            .ThenBy(f => f.Finding.Syscall, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Errno, StringComparer.Ordinal)
            .Select(f => f.Finding with { Impact = Impacts[f.Rank] })
            .ToList();
    }

    private static string Suggest(string name, string errno, long count, SyscallSupport support, string? note, bool unsupported, string version)
    {
        var times = count == 1 ? "once" : string.Create(CultureInfo.InvariantCulture, $"{count} times");
        if (unsupported)
        {
            if (FallbackSyscalls.TryGet(name, out var fallback))
            {
                return $"{name} is unimplemented in {version}: returns ENOSYS; libc and language runtimes fall back to {fallback}, so this is harmless";
            }

            return $"{name} is unimplemented in {version}: returns ENOSYS; run this workload with Kata, or disable the feature that needs it";
        }

        if (support == SyscallSupport.Partial)
        {
            var detail = string.IsNullOrWhiteSpace(note) ? "" : $" ({note.TrimEnd('.')})";
            return $"{name} failed {times} with {errno}; {version} supports it only partially{detail}: check whether the workload uses an unsupported mode, or run it with Kata";
        }

        return errno switch
        {
            "ENOENT" => $"{name} failed {times} with ENOENT (no such file or directory): usually a probe for an optional file; harmless unless the workload reports a missing file",
            "EACCES" or "EPERM" => $"{name} failed {times} with {errno} (permission denied): check the container's user, capabilities, seccomp profile and read-only mounts",
            "ENOSYS" => $"{name} failed {times} with ENOSYS although {version} lists it as {CompatibilityAnalyzer.SupportWord(support).ToLowerInvariant()} support: check the runsc platform and flags",
            "ENOTTY" => $"{name} failed {times} with ENOTTY: a terminal probe on a pipe or file; harmless",
            "EAGAIN" or "EINTR" => $"{name} failed {times} with {errno}: transient; programs retry, harmless",
            "ECHILD" => $"{name} failed {times} with ECHILD: no child left to wait for; harmless",
            _ => $"{name} failed {times} with {errno}: usually handled by the program; look at it if the workload fails right after",
        };
    }
}

namespace Palisade.Core.Syscalls;

/// <summary>What one run's trace says: syscalls with counts and errnos, and what went wrong last.</summary>
public sealed record SyscallTrace
{
    /// <summary>Every syscall that completed, sorted by name (ordinal).</summary>
    public required IReadOnlyList<SyscallStat> Syscalls { get; init; }

    /// <summary>runsc <c>Unsupported syscall</c> reports, sorted by name; empty for strace output.</summary>
    public required IReadOnlyList<UnsupportedSyscall> Unsupported { get; init; }

    /// <summary>The last failing syscall events, oldest first (kernel-internal ERESTART* results excluded).</summary>
    public required IReadOnlyList<FailedSyscall> RecentFailures { get; init; }

    public long LinesRead { get; init; }

    /// <summary>Lines that looked like trace lines but could not be read (or were too long to keep).</summary>
    public long SkippedLines { get; init; }

    /// <summary>Exit status of the workload's first process (strace <c>+++ exited with N +++</c>), when seen.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The signal that killed the workload's first process (<c>SIGKILL</c>), when seen.</summary>
    public string? KilledBy { get; init; }

    /// <summary>False when a start marker (strace <c>startAtExecOf</c>) was asked for but never seen.</summary>
    public bool Started { get; init; } = true;

    public long TotalCalls => Syscalls.Sum(s => s.Count);

    public SyscallStat? Find(string name)
    {
        foreach (var stat in Syscalls)
        {
            if (string.Equals(stat.Name, name, StringComparison.Ordinal))
            {
                return stat;
            }
        }

        return null;
    }
}

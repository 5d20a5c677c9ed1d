namespace Palisade.Core.Assessment;

/// <summary>
/// Predicts a workload's slowdown under runsc: runc wall time + (runsc - runc start-up) + for each syscall the
/// workload made, the extra cost runsc adds to a call of its class. Classes map syscalls to the micro-benchmark that
/// measures them; anything unlisted costs a plain trap (getpid). Page faults, scheduling and CPU time are not
/// modelled: a workload that touches much fresh memory under ptrace is slower than predicted.
/// </summary>
public static class OverheadModel
{
    /// <summary>A syscall's round trip into the sandbox (getpid): the class of every syscall not listed below.</summary>
    public const string Trap = "trap";

    /// <summary>Path lookups and file descriptors (open-close: openat + read + close).</summary>
    public const string File = "file";

    /// <summary>Address-space changes (mmap: mmap + munmap).</summary>
    public const string Memory = "memory";

    /// <summary>Blocking and wake-ups (pipe ping-pong: two writes and two reads that block).</summary>
    public const string Wait = "wait";

    /// <summary>New processes and threads (fork: fork + wait).</summary>
    public const string Process = "process";

    /// <summary>Loading a program (exec minus fork).</summary>
    public const string Exec = "exec";

    /// <summary>Socket calls (tcp-latency: two sends and two receives per round trip).</summary>
    public const string Network = "network";

    public static IReadOnlyList<string> Classes { get; } = [Trap, File, Memory, Wait, Process, Exec, Network];

    private static readonly Dictionary<string, string> ClassBySyscall = Build(
        (File, ["open", "openat", "openat2", "creat", "close", "close_range", "read", "write", "pread64", "pwrite64", "readv", "writev",
            "lseek", "stat", "fstat", "lstat", "newfstatat", "statx", "statfs", "fstatfs", "access", "faccessat", "faccessat2",
            "readlink", "readlinkat", "getdents64", "getcwd", "chdir", "fchdir", "mkdir", "mkdirat", "unlink", "unlinkat",
            "rename", "renameat", "renameat2", "fsync", "fdatasync", "ftruncate", "truncate", "fcntl", "dup", "dup2", "dup3", "ioctl",
            "sendfile", "copy_file_range", "fadvise64", "fallocate", "chmod", "fchmod", "fchmodat", "chown", "fchown", "fchownat",
            "utimensat", "getxattr", "lgetxattr", "fgetxattr", "symlink", "symlinkat", "link", "linkat"]),
        (Memory, ["mmap", "munmap", "mprotect", "mremap", "madvise", "brk", "mlock", "munlock", "msync"]),
        (Wait, ["futex", "wait4", "waitid", "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2",
            "nanosleep", "clock_nanosleep", "sched_yield", "pipe", "pipe2", "eventfd2", "epoll_ctl", "epoll_create1"]),
        (Process, ["clone", "clone3", "fork", "vfork"]),
        (Exec, ["execve", "execveat"]),
        (Network, ["socket", "socketpair", "connect", "accept", "accept4", "bind", "listen", "sendto", "recvfrom", "sendmsg",
            "recvmsg", "sendmmsg", "recvmmsg", "shutdown", "getsockopt", "setsockopt", "getsockname", "getpeername"]));

    /// <summary>The cost class of a syscall (<see cref="Trap"/> when unlisted).</summary>
    public static string ClassOf(string syscall) => ClassBySyscall.GetValueOrDefault(syscall, Trap);

    /// <summary>
    /// Predicts the runsc wall time of a workload that took <paramref name="runcMs"/> under runc. A recording starts
    /// at the container's execve of the workload: that one is part of start-up, so one execve is not charged.
    /// </summary>
    public static OverheadPrediction Predict(SyscallCosts costs, IEnumerable<KeyValuePair<string, long>> syscallCounts, double runcMs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(syscallCounts);
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (name, count) in syscallCounts)
        {
            var cls = ClassOf(name);
            calls[cls] = calls.GetValueOrDefault(cls) + count;
        }

        if (calls.TryGetValue(Exec, out var execs))
        {
            calls[Exec] = execs - 1;
        }

        var terms = calls
            .Where(c => c.Value > 0)
            .Select(c =>
            {
                var perCall = Math.Max(0, costs.ExtraNsByClass.GetValueOrDefault(c.Key, costs.ExtraNsByClass.GetValueOrDefault(Trap)));
                return new OverheadTerm(c.Key, c.Value, perCall, c.Value * perCall / 1e6);
            })
            .OrderByDescending(t => t.ExtraMs)
            .ThenBy(t => t.Class, StringComparer.Ordinal)
            .ToList();
        return new OverheadPrediction(runcMs, Math.Max(0, costs.RunscStartupMs - costs.RuncStartupMs), terms, costs.Platform);
    }

    private static Dictionary<string, string> Build(params (string Class, string[] Syscalls)[] groups)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (cls, syscalls) in groups)
        {
            foreach (var syscall in syscalls)
            {
                map.Add(syscall, cls);
            }
        }

        return map;
    }
}

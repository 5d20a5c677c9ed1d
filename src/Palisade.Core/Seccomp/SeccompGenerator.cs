using Palisade.Core.Syscalls;

namespace Palisade.Core.Seccomp;

/// <summary>Builds a minimal allow-list profile from the syscall names a recorded workload used.</summary>
public static class SeccompGenerator
{
    /// <summary>
    /// Syscalls the OCI runtime itself makes between installing the filter and the workload's first instruction
    /// (runc: dropping capabilities and ids, closing descriptors, then <c>execve</c>; plus what the dynamic loader and
    /// libc start-up of any program need). A recording that starts at the workload's <c>execve</c> never sees them,
    /// and a profile without them kills the container before it starts (runtime-notes §4, "Recorded profile doesn't
    /// start the container"). Measured with <c>palisade seccomp verify</c> on the built-in sample: runc 1.1.5 also
    /// needs <c>fstatfs</c> ("ensure /proc/self/fd is on procfs") and <c>getdents64</c> ("readdirent /proc/self/fd")
    /// after it applies the filter; runsc 20221219 (--oci-seccomp) needed nothing beyond the workload's own calls.
    /// The rest of the set is a reasoned superset that no experiment has trimmed yet. Names that do not
    /// exist on the target architecture (<c>arch_prctl</c> on aarch64) are left out without a warning.
    /// </summary>
    public static IReadOnlyList<string> RuntimeSyscalls { get; } =
    [
        "arch_prctl", "brk", "capget", "capset", "close", "dup3", "epoll_pwait", "execve", "exit", "exit_group",
        "fchown", "fcntl", "fstat", "fstatfs", "futex", "getdents64", "getpid", "getppid", "mmap", "mprotect", "munmap", "nanosleep",
        "newfstatat", "openat", "prctl", "prlimit64", "read", "rseq", "rt_sigaction", "rt_sigprocmask",
        "rt_sigreturn", "set_robust_list", "set_tid_address", "setgid", "setgroups", "setresgid", "setresuid",
        "setuid", "write",
    ];

    /// <summary>A profile for the syscalls that completed in a recorded run (see the other overload).</summary>
    public static GenerateResult Generate(SyscallTrace trace, GenerateOptions options)
    {
        ArgumentNullException.ThrowIfNull(trace);
        return Generate(trace.Syscalls.Select(s => s.Name), options);
    }

    /// <summary>
    /// An allow rule for every known name the workload used (plus <see cref="RuntimeSyscalls"/>), the chosen default
    /// action, and the host's architectures with their compat ABIs. Names unknown to the target architecture's table
    /// are dropped and reported. Throws <see cref="ArgumentException"/> for an architecture without a syscall table
    /// (check <see cref="SeccompArchitectures.Native"/> first).
    /// </summary>
    public static GenerateResult Generate(IEnumerable<string> syscallNames, GenerateOptions options)
    {
        ArgumentNullException.ThrowIfNull(syscallNames);
        ArgumentNullException.ThrowIfNull(options);
        var table = SyscallTable.For(options.Architecture)
            ?? throw new ArgumentException($"No syscall table for architecture '{options.Architecture}'.", nameof(options));

        var allowed = new SortedSet<string>(StringComparer.Ordinal);
        var dropped = new SortedSet<string>(StringComparer.Ordinal);
        var emptyNames = 0;
        foreach (var raw in syscallNames)
        {
            var name = raw?.Trim() ?? string.Empty;
            if (name.Length == 0)
            {
                emptyNames++;
            }
            else if (table.Contains(name))
            {
                allowed.Add(name);
            }
            else
            {
                dropped.Add(name);
            }
        }

        if (options.IncludeRuntimeSyscalls)
        {
            allowed.UnionWith(RuntimeSyscalls.Where(table.Contains));
        }

        var warnings = new List<string>();
        if (emptyNames > 0)
        {
            warnings.Add($"Ignored {emptyNames} empty syscall name(s).");
        }

        foreach (var name in dropped)
        {
            warnings.Add($"Dropped '{name}': not a syscall on {table.Architecture}.");
        }

        var (action, errno) = options.DefaultAction switch
        {
            SeccompDefaultAction.Kill => (SeccompActions.KillProcess, (uint?)null),
            SeccompDefaultAction.Log => (SeccompActions.Log, null),
            _ => (SeccompActions.Errno, options.ErrnoRet),
        };

        var profile = new SeccompProfile
        {
            DefaultAction = action,
            DefaultErrnoRet = errno,
            Architectures = SeccompArchitectures.WithCompat(table.Architecture),
            Syscalls = allowed.Count == 0 ? [] : [new SeccompRule([.. allowed], SeccompActions.Allow)],
        };
        return new GenerateResult(profile, [.. dropped], warnings);
    }
}

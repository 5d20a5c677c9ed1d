namespace Palisade.Sandbox.Runtimes;

/// <summary>What one workload run did.</summary>
/// <param name="Runtime">The runtime it ran under.</param>
/// <param name="Platform">The runsc platform (ptrace, kvm, systrap); null for runc and native.</param>
/// <param name="ExitCode">The runtime process's exit code (the workload's code under runc and runsc); null when killed for a timeout.</param>
/// <param name="TimedOut">True when <see cref="RunOptions.Timeout"/> passed and the run was killed.</param>
/// <param name="Stdout">The first <see cref="RunOptions.OutputLimitBytes"/> bytes of stdout, as UTF-8.</param>
/// <param name="Stderr">The first <see cref="RunOptions.OutputLimitBytes"/> bytes of stderr, as UTF-8.</param>
/// <param name="OutputTruncated">True when stdout or stderr went past the limit.</param>
/// <param name="WallTime">From start of the runtime process to its exit (includes container set-up).</param>
/// <param name="PeakMemoryBytes">
/// Sum over the sampled processes of their peak resident size (VmHWM): the workload processes under runc and
/// native, every runsc process (run, gofer, sandbox) under runsc. Null when the run ended before a sample.
/// </param>
/// <param name="TraceFiles">Raw syscall records: the <c>strace -f</c> output file, or every runsc debug log file.</param>
/// <param name="ContainerId">The unique container id used for this run.</param>
/// <param name="PeakProportionalBytes">
/// The highest sum of the same processes' proportional set sizes (PSS) in one sample, shared pages counted once,
/// without the runtime's command-line front-end (<c>runsc run</c>; a cluster has containerd's shim instead): under
/// runsc the sentry, gofer and stub processes. Null when the run ended before a sample.
/// </param>
public sealed record RunResult(
    RuntimeKind Runtime,
    string? Platform,
    int? ExitCode,
    bool TimedOut,
    string Stdout,
    string Stderr,
    bool OutputTruncated,
    TimeSpan WallTime,
    long? PeakMemoryBytes,
    IReadOnlyList<string> TraceFiles,
    string ContainerId,
    long? PeakProportionalBytes = null);

using Palisade.Core.Syscalls;

namespace Palisade.Core.Assessment;

/// <summary>What one run of a workload left to compare: its exit, its output, its syscalls.</summary>
/// <param name="ExitCode">The runtime process's exit code; null when it was killed for a timeout.</param>
/// <param name="TimedOut">True when the run passed its time limit.</param>
/// <param name="Stdout">The workload's standard output.</param>
/// <param name="Stderr">Standard error: the workload's, and the runtime's own messages.</param>
/// <param name="Trace">The recorded syscalls; null when none could be read.</param>
public sealed record RunEvidence(int? ExitCode, bool TimedOut, string Stdout, string Stderr, SyscallTrace? Trace);

using Palisade.Core.Assessment;
using Palisade.Core.Syscalls;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Profiling;

/// <summary>One run of the workload with the syscalls it made (null when no trace could be read).</summary>
public sealed record ProfiledRun(RunResult Run, SyscallTrace? Trace)
{
    /// <summary>The run as Core's comparison and recommendation logic sees it.</summary>
    public RunEvidence Evidence => new(Run.ExitCode, Run.TimedOut, Run.Stdout, Run.Stderr, Trace);
}

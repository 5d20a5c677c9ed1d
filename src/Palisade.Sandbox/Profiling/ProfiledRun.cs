using Palisade.Core.Syscalls;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Profiling;

/// <summary>One run of the workload with the syscalls it made (null when no trace could be read).</summary>
public sealed record ProfiledRun(RunResult Run, SyscallTrace? Trace);

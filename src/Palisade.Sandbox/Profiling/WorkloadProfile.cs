using Palisade.Core.Assessment;
using Palisade.Core.Syscalls;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Profiling;

/// <summary>
/// The workload run under each requested runtime, with its syscalls, and the gVisor compatibility verdict when it ran
/// under runsc (compared with runc when that ran too).
/// </summary>
public sealed record WorkloadProfile(
    string Target,
    IReadOnlyList<string> Args,
    IReadOnlyList<ProfiledRun> Runs,
    CompatibilityReport? Compatibility,
    string? RunscVersion)
{
    /// <summary>The run under <paramref name="runtime"/>, if it was asked for.</summary>
    public ProfiledRun? RunUnder(RuntimeKind runtime) => Runs.FirstOrDefault(r => r.Run.Runtime == runtime);

    /// <summary>Whether runc and runsc printed the same standard output; null unless both ran.</summary>
    public bool? SameOutput => Divergence.SameOutput(RunUnder(RuntimeKind.Runc)?.Evidence, RunUnder(RuntimeKind.Runsc)?.Evidence);

    /// <summary>Syscall failures seen under runsc but not under runc.</summary>
    public IReadOnlyList<DivergentFailure> FailsOnlyUnderRunsc =>
        Divergence.FailsOnlyUnderRunsc(RunUnder(RuntimeKind.Runc)?.Evidence, RunUnder(RuntimeKind.Runsc)?.Evidence);
}

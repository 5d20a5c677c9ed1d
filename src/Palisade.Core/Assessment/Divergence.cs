using Palisade.Core.Syscalls;

namespace Palisade.Core.Assessment;

/// <summary>How the runsc run differs from the runc run of the same workload.</summary>
public static class Divergence
{
    /// <summary>Whether runc and runsc printed the same standard output; null unless both ran.</summary>
    public static bool? SameOutput(RunEvidence? runc, RunEvidence? runsc) =>
        runc is null || runsc is null ? null : string.Equals(runsc.Stdout, runc.Stdout, StringComparison.Ordinal);

    /// <summary>Syscall failures seen under runsc but not under runc (empty when either trace is missing).</summary>
    public static IReadOnlyList<DivergentFailure> FailsOnlyUnderRunsc(RunEvidence? runc, RunEvidence? runsc) =>
        runsc?.Trace is { } sandboxed && runc?.Trace is { } reference ? TraceComparison.FailuresOnlyIn(sandboxed, reference) : [];
}

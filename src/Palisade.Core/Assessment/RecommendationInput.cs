using Palisade.Core.Syscalls;

namespace Palisade.Core.Assessment;

/// <summary>What the recommender weighs: the compatibility verdict, both runs' exit codes, and what this host can run.</summary>
public sealed record RecommendationInput
{
    public required CompatibilityReport Compatibility { get; init; }

    public int? RuncExitCode { get; init; }

    public int? RunscExitCode { get; init; }

    public bool RunscTimedOut { get; init; }

    /// <summary>Only a workload declared trusted may be recommended runc.</summary>
    public bool Trusted { get; init; }

    /// <summary>Whether Kata could run here (it needs /dev/kvm); said plainly when it cannot.</summary>
    public bool KataRunnableHere { get; init; }

    /// <summary>Syscall failures seen under runsc but not under runc: the evidence when no unsupported call explains a failure.</summary>
    public IReadOnlyList<DivergentFailure> FailsOnlyUnderRunsc { get; init; } = [];
}

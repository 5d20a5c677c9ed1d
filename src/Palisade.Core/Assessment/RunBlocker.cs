namespace Palisade.Core.Assessment;

/// <summary>Why the runs cannot be compared at all.</summary>
public enum RunBlockerKind
{
    /// <summary>runc itself refused to start the container: the baseline never ran.</summary>
    RuncRefused,

    /// <summary>The workload ran out of time under every runtime: there is no outcome to compare.</summary>
    TimedOutEverywhere,
}

/// <summary>Whose problem a blocker is: the input given (bundle, image, command, timeout) or the host.</summary>
public enum BlockerBlame
{
    Input,
    Environment,
}

/// <summary>
/// A failure that is not gVisor's: the assessment stops short of a compatibility verdict and a recommendation,
/// and says what failed instead.
/// </summary>
public sealed record RunBlocker(RunBlockerKind Kind, BlockerBlame Blame, string Message);

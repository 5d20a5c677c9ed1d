using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Assessing;

/// <summary>
/// One progress event: which step of how many is running (<see cref="Index"/> of <see cref="Total"/>, counting from 1;
/// the total is known when the assessment starts), a sentence for a person, and sub-step detail when a step reports
/// inside itself (<see cref="Finished"/> false while it runs, true once with its outcome).
/// </summary>
public sealed record AssessmentProgress(AssessmentStep Step, int Index, int Total, string Message, bool Finished = false)
{
    /// <summary>The runtime of a <see cref="AssessmentStep.Run"/> step.</summary>
    public RuntimeKind? Runtime { get; init; }
}

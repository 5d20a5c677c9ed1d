namespace Palisade.Core.Assessment;

/// <summary>A workload's predicted wall time under runsc, from its runc wall time and syscall counts.</summary>
/// <param name="RuncMs">The measured runc wall time the prediction starts from.</param>
/// <param name="StartupExtraMs">runsc start-up minus runc start-up, from the cost table.</param>
/// <param name="Terms">The syscall classes the workload used, largest extra time first.</param>
/// <param name="Platform">The runsc platform of the cost table.</param>
public sealed record OverheadPrediction(double RuncMs, double StartupExtraMs, IReadOnlyList<OverheadTerm> Terms, string Platform)
{
    /// <summary>Extra time of all the syscalls.</summary>
    public double SyscallExtraMs => Terms.Sum(t => t.ExtraMs);

    /// <summary>Predicted runsc wall time: runc's, plus start-up, plus syscalls.</summary>
    public double PredictedRunscMs => RuncMs + StartupExtraMs + SyscallExtraMs;

    /// <summary>Predicted runsc / runc wall-time ratio.</summary>
    public double PredictedRatio => PredictedRunscMs / RuncMs;
}

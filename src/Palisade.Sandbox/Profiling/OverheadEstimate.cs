using Palisade.Core.Assessment;

namespace Palisade.Sandbox.Profiling;

/// <summary>A workload's runsc-versus-runc wall time, measured and predicted side by side.</summary>
/// <param name="RuncMs">Median wall time under runc (no syscall capture).</param>
/// <param name="RunscMs">Median wall time under runsc (no syscall capture).</param>
/// <param name="Repetitions">Runs per runtime behind each median.</param>
/// <param name="Prediction">What <see cref="OverheadModel"/> predicts from the cost table and the workload's syscall counts.</param>
/// <param name="CostTableFile">Where the cost table is stored.</param>
/// <param name="CostTableMeasured">True when the table was measured by this call, false when it was reused.</param>
public sealed record OverheadEstimate(double RuncMs, double RunscMs, int Repetitions, OverheadPrediction Prediction, string CostTableFile, bool CostTableMeasured)
{
    /// <summary>Measured runsc / runc wall-time ratio.</summary>
    public double MeasuredRatio => RunscMs / RuncMs;

    /// <summary>How far apart prediction and measurement are: max(p/m, m/p), 1 when equal.</summary>
    public double PredictionError => Math.Max(Prediction.PredictedRatio / MeasuredRatio, MeasuredRatio / Prediction.PredictedRatio);
}

namespace Palisade.Core.Gate;

/// <summary>Counts per outcome, for the summary line and the JSON contract.</summary>
public sealed record GateSummary(int Failed, int Warnings, int Suppressed, int Baselined, int Escalated, int BelowThreshold, int Manifests, int Reports, int Images);

/// <summary>The gate's one verdict: passed or not, every finding with what became of it, and the reasons it failed.</summary>
/// <param name="Passed">No finding fails.</param>
/// <param name="Findings">Every finding, in category order.</param>
/// <param name="Reasons">One line per failing rule and subject, for the summary.</param>
/// <param name="Problems">Bad inputs found while evaluating (a report that matches no image); any makes the exit code 2.</param>
/// <param name="Summary">Counts.</param>
/// <param name="Notes">Things a reviewer must know (report matched by name only, Kata unavailable).</param>
public sealed record GateVerdict(
    bool Passed,
    IReadOnlyList<GateFinding> Findings,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<GateInputProblem> Problems,
    GateSummary Summary,
    IReadOnlyList<string> Notes)
{
    /// <summary>0 pass, 1 policy failure, 2 bad input.</summary>
    public int ExitCode => Problems.Count > 0 ? 2 : Passed ? 0 : 1;
}

using Palisade.Core.Gate;
using Palisade.Core.Scanning;

namespace Palisade.Core.Reports;

/// <summary><c>gate --format text</c>: the verdict first, then the failing findings by category, then what was accepted and why.</summary>
public static class GateTextWriter
{
    public static void Write(GateVerdict verdict, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(output);
        var s = verdict.Summary;
        output.WriteLine(verdict.Passed
            ? "gate: PASS"
            : verdict.Problems.Count > 0 ? "gate: BAD INPUT" : $"gate: FAIL ({s.Failed} finding{(s.Failed == 1 ? "" : "s")} block the release)");
        output.WriteLine($"  inputs: {s.Manifests} manifest object(s), {s.Reports} scan report(s), {s.Images} image(s)");
        output.WriteLine($"  failed {s.Failed}, warnings {s.Warnings}, suppressed {s.Suppressed}, baselined {s.Baselined}, escalated {s.Escalated}, below threshold {s.BelowThreshold}");
        foreach (var p in verdict.Problems)
        {
            output.WriteLine($"error: {p}");
        }

        foreach (var group in verdict.Findings.GroupBy(f => f.Category))
        {
            var shown = group.Where(f => f.Outcome != GateOutcome.Warn).ToList();
            var warnings = group.Count(f => f.Outcome == GateOutcome.Warn);
            output.WriteLine();
            output.WriteLine($"{GateNames.Category(group.Key)}:{(warnings > 0 ? $" ({warnings} warning{(warnings == 1 ? "" : "s")}, see --format json or html)" : "")}");
            foreach (var f in shown)
            {
                var where = f.Position.IsKnown ? $" ({f.Source}:{f.Position.Line}:{f.Position.Column})" : "";
                output.WriteLine($"  {Tag(f.Outcome)} {f.RuleId} {f.Subject}: {f.Message}{where}");
                if (f.Note is not null)
                {
                    output.WriteLine($"        {f.Note}");
                }

                if (f.Runsc is not null && f.Outcome == GateOutcome.Fail)
                {
                    output.WriteLine($"        under runsc: {f.Runsc}");
                }

                foreach (var e in f.Evidence)
                {
                    output.WriteLine($"        evidence: {e}");
                }
            }

            if (shown.Count == 0)
            {
                output.WriteLine("  nothing blocking");
            }
        }

        foreach (var n in verdict.Notes)
        {
            output.WriteLine($"note: {n}");
        }
    }

    private static string Tag(GateOutcome outcome) => outcome switch
    {
        GateOutcome.Fail => "FAIL      ",
        GateOutcome.Suppressed => "suppressed",
        GateOutcome.Baselined => "baselined ",
        GateOutcome.Escalated => "escalated ",
        _ => "warn      ",
    };

    /// <summary>For the HTML and JUnit writers: a severity word.</summary>
    internal static string SeverityWord(Severity severity) => SeverityNames.Format(severity);
}

using System.Globalization;
using Palisade.Core.Cis;
using Palisade.Core.Policy;
using Palisade.Core.Scanning;

namespace Palisade.Core.Gate;

/// <summary>
/// Weighs everything given to <c>palisade gate</c> into one verdict: manifests (Pod Security, runtime policy,
/// registry rule, CIS pod checks), scan reports (threshold, unfixed, report age, escalation), CIS image checks and
/// the canary; then suppressions, the CIS ignore list and the baseline decide what still fails. Pure.
/// </summary>
public static class GateEvaluator
{
    public const string EscalationCheck = "escalation";
    public const string ReportAgeCheck = "reportAge";
    public const string SuppressionExpiredCheck = "suppressionExpired";
    public const string CanaryCheck = "canary";

    public static GateVerdict Evaluate(GateInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var gate = input.Policy.Gate;
        var findings = new List<GateFinding>();
        var problems = new List<GateInputProblem>();
        var notes = new List<string>();
        var uses = new List<ImageUse>();
        if (input.Manifests is { } set)
        {
            var (manifestFindings, manifestUses, manifestProblems) = ManifestGate.Evaluate(set, input.Policy);
            findings.AddRange(manifestFindings);
            uses.AddRange(manifestUses);
            problems.AddRange(manifestProblems);
        }

        foreach (var image in input.Images)
        {
            var running = uses.Where(u => ImageMatcher.Normalise(u.Image) == ImageMatcher.Normalise(image.Name)).ToList();
            foreach (var cis in CisImageChecks.Evaluate(image, probedByPods: running.Count > 0 && running.All(u => u.Probed)))
            {
                findings.Add(ManifestGate.FromCis(cis));
            }
        }

        var belowThreshold = 0;
        foreach (var report in input.Reports)
        {
            belowThreshold += EvaluateReport(report, input, uses, findings, problems, notes);
        }

        foreach (var canary in input.Canary)
        {
            if (canary.Note is not null)
            {
                notes.Add($"canary {canary.Image}: {canary.Note}");
            }

            if (canary.Passed)
            {
                notes.Add($"canary {canary.Image}: passed under {canary.Runtime}: {canary.Summary} ({string.Join("; ", canary.Evidence)})");
            }
            else
            {
                findings.Add(ManifestGate.Finding(GateCategory.Canary, CanaryCheck, Severity.High, canary.Image, $"cannot run in the hardened runtime ({canary.Runtime}): {canary.Summary}", canary.Source, default)
                    with { Evidence = canary.Evidence });
            }
        }

        ApplyCisIgnore(findings, gate.CisIgnore);
        ApplySuppressions(findings, input.Suppressions, input.Now);
        if (input.Baseline is { } baseline)
        {
            for (var i = 0; i < findings.Count; i++)
            {
                if (findings[i] is { Outcome: GateOutcome.Fail, Category: not GateCategory.Canary } f && baseline.Contains(f.Key))
                {
                    findings[i] = f with { Outcome = GateOutcome.Baselined, Note = "in the baseline" };
                }
            }
        }

        var ordered = findings.OrderBy(f => f.Category).ThenBy(f => f.Outcome).ToList();
        var failing = ordered.Where(f => f.Outcome == GateOutcome.Fail).ToList();
        var reasons = failing.Select(Reason).Take(50).ToList();
        if (failing.Count > reasons.Count)
        {
            reasons.Add($"… and {failing.Count - reasons.Count} more");
        }

        var summary = new GateSummary(
            failing.Count,
            ordered.Count(f => f.Outcome == GateOutcome.Warn),
            ordered.Count(f => f.Outcome == GateOutcome.Suppressed),
            ordered.Count(f => f.Outcome == GateOutcome.Baselined),
            ordered.Count(f => f.Outcome == GateOutcome.Escalated),
            belowThreshold,
            input.Manifests?.Objects.Count ?? 0,
            input.Reports.Count,
            input.Images.Count);
        return new GateVerdict(failing.Count == 0 && problems.Count == 0, ordered, reasons, problems, summary, notes);
    }

    private static int EvaluateReport(ScanReport report, GateInput input, List<ImageUse> uses, List<GateFinding> findings, List<GateInputProblem> problems, List<string> notes)
    {
        var gate = input.Policy.Gate;
        var matchedImages = input.Images.Select(i => (Image: i, Match: ImageMatcher.Match(report.Image, i))).Where(x => x.Match != ImageMatch.None).ToList();
        var matchedUses = uses.Select(u => (Use: u, Match: ImageMatcher.Match(report.Image, u.Image))).Where(x => x.Match != ImageMatch.None).ToList();
        if ((input.Images.Count > 0 || uses.Count > 0) && matchedImages.Count == 0 && matchedUses.Count == 0)
        {
            var known = report.Image.Digests.Concat(report.Image.Names).Append(report.Image.ImageId ?? "").Where(s => s.Length > 0).Take(3);
            problems.Add(new GateInputProblem(report.Source, 0, 0, $"the report matches no image given with --image or used by --manifests (it is about {string.Join(", ", known.DefaultIfEmpty("an unnamed target"))})"));
            return 0;
        }

        var byName = matchedImages.Where(x => x.Match == ImageMatch.Name).Select(x => x.Image.Name)
            .Concat(matchedUses.Where(x => x.Match == ImageMatch.Name).Select(x => x.Use.Image)).Distinct().ToList();
        if (byName.Count > 0)
        {
            notes.Add($"{report.Source}: matched {string.Join(", ", byName)} by name only (no digest in common): a retagged image would match too");
        }

        var subject = matchedImages.Select(x => x.Image.Name).Concat(matchedUses.Select(x => x.Use.Image)).FirstOrDefault() ?? report.Image.Display;
        if (gate.MaxReportAge is { } maxAge)
        {
            var age = report.CreatedAt is { } created ? input.Now - created : (TimeSpan?)null;
            if (age is null || age > maxAge)
            {
                var what = age is null ? "has no creation time" : $"is {Days(age.Value)} old ({report.CreatedAt:yyyy-MM-dd HH:mm}Z)";
                findings.Add(ManifestGate.Finding(GateCategory.Vulnerabilities, ReportAgeCheck, Severity.High, subject, $"the {report.Scanner.ToString().ToLowerInvariant()} report {what}; the policy accepts reports up to {Days(maxAge)} old: scan again", report.Source, default));
            }
        }

        var below = 0;
        var escalatedUses = new Dictionary<EscalationRule, int>();
        foreach (var f in report.Findings)
        {
            var unfixed = FixStates.IsUnfixed(f.FixState);
            if (f.Severity < gate.Threshold || (unfixed && !gate.CountUnfixed))
            {
                below++;
                continue;
            }

            var fix = f.FixState == FixState.Fixed ? $"fixed in {f.FixedVersions}" : $"no fix ({FixStates.Format(f.FixState)})";
            var message = $"{f.VulnerabilityId} ({SeverityNames.Format(f.Severity)}) in {f.Package} {f.InstalledVersion}: {fix}";
            var key = $"vulnerabilities|{f.VulnerabilityId}|{f.Package}|{f.InstalledVersion}";
            var finding = new GateFinding(GateCategory.Vulnerabilities, f.VulnerabilityId, f.Severity, subject, message, report.Source, default, key, f.Fingerprint)
            {
                Score = f.CvssScore,
                Vulnerability = f,
            };
            var rule = gate.Escalations.FirstOrDefault(r => f.Severity >= r.Severity && (!r.UnfixedOnly || unfixed));
            if (rule is not null)
            {
                finding = Escalate(finding, rule, matchedUses.Select(x => x.Use).ToList(), escalatedUses);
            }

            findings.Add(finding);
        }

        foreach (var (rule, _) in escalatedUses)
        {
            foreach (var use in matchedUses.Select(x => x.Use).Where(u => u.RuntimeClass is null || !rule.RuntimeClasses.Contains(u.RuntimeClass)))
            {
                findings.Add(ManifestGate.Finding(
                    GateCategory.Manifests,
                    EscalationCheck,
                    Severity.High,
                    use.Subject,
                    $"container \"{use.Container}\" runs {use.Image}, which has {SeverityNames.Format(rule.Severity)}{(rule.UnfixedOnly ? " unfixed" : "")} vulnerabilities: it may only run with runtimeClassName {ManifestGate.Either(rule.RuntimeClasses)} (it runs with {(use.RuntimeClass is null ? "none, so runc" : $"\"{use.RuntimeClass}\"")})",
                    use.Source,
                    use.Position));
            }
        }

        return below;
    }

    private static GateFinding Escalate(GateFinding finding, EscalationRule rule, List<ImageUse> uses, Dictionary<EscalationRule, int> escalated)
    {
        var classes = ManifestGate.Either(rule.RuntimeClasses);
        if (uses.Count == 0)
        {
            return finding with { Note = $"the escalation rule would accept it with runtimeClassName {classes}, but no manifest given runs this image" };
        }

        escalated[rule] = escalated.GetValueOrDefault(rule) + 1;
        return finding with
        {
            Outcome = GateOutcome.Escalated,
            Note = uses.All(u => u.RuntimeClass is not null && rule.RuntimeClasses.Contains(u.RuntimeClass))
                ? $"accepted: every pod running the image uses runtimeClassName {classes}"
                : $"accepted only with runtimeClassName {classes}: see the escalation findings on the manifests",
        };
    }

    private static void ApplyCisIgnore(List<GateFinding> findings, IReadOnlyList<string> ignore)
    {
        for (var i = 0; i < findings.Count; i++)
        {
            if (findings[i] is { Category: GateCategory.Cis, Outcome: GateOutcome.Fail } f && ignore.Contains(f.RuleId))
            {
                findings[i] = f with { Outcome = GateOutcome.Warn, Note = "not enforced: listed in the policy's gate.cis.ignore" };
            }
        }
    }

    private static void ApplySuppressions(List<GateFinding> findings, IReadOnlyList<Suppression> suppressions, DateTimeOffset now)
    {
        foreach (var s in suppressions)
        {
            var expired = s.IsExpired(now);
            var matched = false;
            GateCategory? category = null;
            for (var i = 0; i < findings.Count; i++)
            {
                var f = findings[i];
                if (f.Outcome != GateOutcome.Fail || f.Category == GateCategory.Canary || !Matches(s, f))
                {
                    continue;
                }

                matched = true;
                category ??= f.Category;
                if (!expired)
                {
                    findings[i] = f with { Outcome = GateOutcome.Suppressed, Note = $"suppressed until {(s.Expires is { } e ? e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "revoked")}: {s.Reason} ({s.Source}:{s.Position.Line})" };
                }
            }

            if (expired)
            {
                var what = matched ? "it no longer applies" : "it matches nothing now";
                findings.Add(ManifestGate.Finding(
                    category ?? GateCategory.Vulnerabilities,
                    SuppressionExpiredCheck,
                    Severity.High,
                    s.Describe(),
                    $"the suppression of {s.Describe()} expired on {s.Expires:yyyy-MM-dd} ({what}); its reason was: {s.Reason}",
                    s.Source,
                    s.Position));
            }
        }
    }

    private static bool Matches(Suppression s, GateFinding f)
    {
        var idMatches = f.Vulnerability is { } v ? v.HasId(s.Id) : string.Equals(f.RuleId, s.Id, StringComparison.OrdinalIgnoreCase);
        if (!idMatches)
        {
            return false;
        }

        if (s.Package is not null && !string.Equals(f.Vulnerability?.Package, s.Package, StringComparison.Ordinal))
        {
            return false;
        }

        return s.Image is null
            || string.Equals(f.Subject, s.Image, StringComparison.Ordinal)
            || (!f.Subject.Contains(' ', StringComparison.Ordinal) && ImageMatcher.Repository(f.Subject) == ImageMatcher.Repository(s.Image));
    }

    private static string Reason(GateFinding f) =>
        $"{f.Category.ToString().ToLowerInvariant()}: {f.Subject}: {f.Message}{(f.Position.IsKnown ? $" ({f.Source}:{f.Position.Line}:{f.Position.Column})" : "")}";

    private static string Days(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{span.TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} days" : $"{span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} hours";
}

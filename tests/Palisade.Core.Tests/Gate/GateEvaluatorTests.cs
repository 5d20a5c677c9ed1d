using Palisade.Core.Gate;
using static Palisade.Core.Tests.Gate.GateFixtures;

namespace Palisade.Core.Tests.Gate;

public sealed class GateEvaluatorTests
{
    private const string Internal = "registry.internal/shop/web:1.0";
    private const string Digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    private static readonly DateTimeOffset Fresh = Now.AddHours(-2);

    [Fact]
    public void Evaluate_CleanInternalImageAndReport_Passes()
    {
        var verdict = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [Report(Trivy(Internal, Digest, Fresh, ("CVE-1", "MEDIUM", "fixed", "1.1")))]));

        Assert.True(verdict.Passed, string.Join("\n", verdict.Reasons));
        Assert.Equal(0, verdict.ExitCode);
        Assert.Equal(1, verdict.Summary.BelowThreshold);
    }

    [Fact]
    public void Evaluate_FixedCriticalVulnerability_Fails()
    {
        var verdict = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [Report(Trivy(Internal, Digest, Fresh, ("CVE-2", "CRITICAL", "fixed", "1.1")))]));

        Assert.False(verdict.Passed);
        Assert.Equal(1, verdict.ExitCode);
        var f = Assert.Single(verdict.Findings, f => f.Outcome == GateOutcome.Fail);
        Assert.Equal((GateCategory.Vulnerabilities, "CVE-2"), (f.Category, f.RuleId));
        Assert.Contains("fixed in 1.1", f.Message, StringComparison.Ordinal);
        Assert.Contains("matched registry.internal/shop/web:1.0 by name only", Assert.Single(verdict.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ImagePinnedByDigest_MatchesTheReportByDigestWithoutANote()
    {
        var verdict = GateEvaluator.Evaluate(Input(Deploy(Deployment($"registry.internal/shop/web@{Digest}")), [Report(Trivy("registry.internal/shop/web:other", Digest, Fresh))]));

        Assert.True(verdict.Passed, string.Join("\n", verdict.Reasons));
        Assert.Empty(verdict.Notes);
    }

    [Fact]
    public void Evaluate_ExternalImageWithoutSandboxClass_FailsAtTheImageLine()
    {
        var verdict = GateEvaluator.Evaluate(Input(Deploy(Deployment("docker.io/library/nginx:1.27"))));

        var f = Assert.Single(verdict.Findings, f => f.Outcome == GateOutcome.Fail);
        Assert.Equal(ManifestGate.ExternalRegistryCheck, f.RuleId);
        Assert.Equal((13, 11), (f.Position.Line, f.Position.Column));
        Assert.Contains("must run with runtimeClassName kata or gvisor (it runs with none, so runc)", f.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExternalImageWithGvisor_Passes()
    {
        Assert.True(GateEvaluator.Evaluate(Input(Deploy(Deployment("nginx:1.27", runtimeClass: "gvisor")))).Passed);
    }

    [Fact]
    public void Evaluate_ImageRunningAsRoot_FailsCis41()
    {
        var verdict = GateEvaluator.Evaluate(Input(images: [Image("registry.internal/shop/web:1.0", user: null)]));

        var f = Assert.Single(verdict.Findings, f => f.Outcome == GateOutcome.Fail);
        Assert.Equal((GateCategory.Cis, "4.1"), (f.Category, f.RuleId));
    }

    [Fact]
    public void Evaluate_PrivilegedContainer_FailsPodSecurityAndCis55()
    {
        var yaml = Deployment(Internal).Replace("allowPrivilegeEscalation: false,", "privileged: true, allowPrivilegeEscalation: false,", StringComparison.Ordinal);

        var verdict = GateEvaluator.Evaluate(Input(Deploy(yaml)));

        Assert.Contains(verdict.Findings, f => f is { Category: GateCategory.Manifests, RuleId: "privileged", Outcome: GateOutcome.Fail });
        var cis = Assert.Single(verdict.Findings, f => f is { Category: GateCategory.Cis, RuleId: "5.5" });
        Assert.Equal(GateOutcome.Fail, cis.Outcome);
    }

    [Fact]
    public void Evaluate_IgnoredCisCheck_WarnsInsteadOfFailing()
    {
        var yaml = Deployment(Internal).Replace("hostUsers: false", "hostUsers: true", StringComparison.Ordinal);

        var verdict = GateEvaluator.Evaluate(Input(Deploy(yaml)));

        Assert.True(verdict.Passed);
        Assert.Equal(GateOutcome.Warn, Assert.Single(verdict.Findings, f => f.RuleId == "5.31").Outcome);
    }

    [Fact]
    public void Evaluate_ValidSuppression_AcceptsTheFindingWithItsReason()
    {
        var (suppressions, problems) = SuppressionsReader.Parse(Suppressions("2027-01-31"), "ignore.yaml");
        Assert.Empty(problems);

        var verdict = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [Report(Trivy(Internal, Digest, Fresh, ("CVE-2", "CRITICAL", "fixed", "1.1")))], suppressions: suppressions));

        Assert.True(verdict.Passed);
        var f = Assert.Single(verdict.Findings, f => f.RuleId == "CVE-2");
        Assert.Equal(GateOutcome.Suppressed, f.Outcome);
        Assert.Contains("not reachable from the network", f.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ExpiredSuppression_FailsWithItsReasonAtItsLine()
    {
        var (suppressions, _) = SuppressionsReader.Parse(Suppressions("2026-12-01"), "ignore.yaml");

        var verdict = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [Report(Trivy(Internal, Digest, Fresh, ("CVE-2", "CRITICAL", "fixed", "1.1")))], suppressions: suppressions));

        Assert.False(verdict.Passed);
        var expired = Assert.Single(verdict.Findings, f => f.RuleId == GateEvaluator.SuppressionExpiredCheck);
        Assert.Equal(("ignore.yaml", 4), (expired.Source, expired.Position.Line));
        Assert.Contains("expired on 2026-12-01", expired.Message, StringComparison.Ordinal);
        Assert.Contains("not reachable from the network", expired.Message, StringComparison.Ordinal);
        Assert.Equal(GateOutcome.Fail, Assert.Single(verdict.Findings, f => f.RuleId == "CVE-2").Outcome);
    }

    [Fact]
    public void Evaluate_WithBaseline_OnlyNewFindingsFail()
    {
        var before = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [Report(Trivy(Internal, Digest, Fresh, ("CVE-2", "CRITICAL", "fixed", "1.1")))]));
        using var stream = new MemoryStream();
        Baseline.Write(before, stream);
        var (baseline, problem) = Baseline.Read("baseline.json", stream.ToArray());
        Assert.Null(problem);

        var same = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [Report(Trivy(Internal, Digest, Fresh, ("CVE-2", "CRITICAL", "fixed", "1.1")))], baseline: baseline));
        var added = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [Report(Trivy(Internal, Digest, Fresh, ("CVE-2", "CRITICAL", "fixed", "1.1"), ("CVE-3", "HIGH", "fixed", "1.2")))], baseline: baseline));

        Assert.True(same.Passed);
        Assert.Equal(1, same.Summary.Baselined);
        Assert.False(added.Passed);
        Assert.Equal("CVE-3", Assert.Single(added.Findings, f => f.Outcome == GateOutcome.Fail).RuleId);
    }

    [Fact]
    public void Evaluate_EscalationRule_FailsOnRuncAndPassesOnceTheManifestUsesKata()
    {
        var report = Report(Trivy(Internal, Digest, Fresh, ("CVE-4", "CRITICAL", "affected", "")));

        var onRunc = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [report]));
        var onKata = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal, runtimeClass: "kata")), [report]));

        var failure = Assert.Single(onRunc.Findings, f => f.Outcome == GateOutcome.Fail);
        Assert.Equal((GateCategory.Manifests, GateEvaluator.EscalationCheck, 13), (failure.Category, failure.RuleId, failure.Position.Line));
        Assert.True(onKata.Passed, string.Join("\n", onKata.Reasons));
        Assert.Equal(GateOutcome.Escalated, Assert.Single(onKata.Findings, f => f.RuleId == "CVE-4").Outcome);
    }

    [Fact]
    public void Evaluate_StaleReport_Fails()
    {
        var verdict = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [Report(Trivy(Internal, Digest, Now.AddDays(-8)))]));

        Assert.Contains("is 8 days old", Assert.Single(verdict.Findings, f => f.RuleId == GateEvaluator.ReportAgeCheck).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ReportAboutAnotherImage_IsBadInput()
    {
        var verdict = GateEvaluator.Evaluate(Input(Deploy(Deployment(Internal)), [Report(Trivy("registry.internal/other:2", Digest, Fresh))]));

        Assert.Equal(2, verdict.ExitCode);
        Assert.Contains("matches no image", Assert.Single(verdict.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_CanaryFailure_FailsWithItsEvidence()
    {
        var canary = new CanaryOutcome("app", "app-oci", "runsc", Passed: false, "exit 1 under runsc, 0 under runc", ["userfaultfd: unsupported (Unimplemented)"]);

        var verdict = GateEvaluator.Evaluate(Input(canary: [canary]));

        var f = Assert.Single(verdict.Findings);
        Assert.Equal((GateCategory.Canary, GateOutcome.Fail), (f.Category, f.Outcome));
        Assert.Equal(["userfaultfd: unsupported (Unimplemented)"], f.Evidence);
    }

    private static string Suppressions(string expires) => $"""
        apiVersion: palisade.dev/v1alpha1
        kind: GateSuppressions
        suppressions:
          - id: CVE-2
            package: libfoo
            reason: the parser is not reachable from the network
            expires: {expires}
        """;
}

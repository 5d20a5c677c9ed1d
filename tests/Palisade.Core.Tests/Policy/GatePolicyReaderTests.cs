using Palisade.Core.Policy;
using Palisade.Core.Scanning;
using Palisade.Core.Tests.Gate;

namespace Palisade.Core.Tests.Policy;

public sealed class GatePolicyReaderTests
{
    [Fact]
    public void Parse_GateSection_ReadsEveryField()
    {
        var gate = GateFixtures.LoadPolicy().Gate;

        Assert.Equal(1, gate.Version);
        Assert.Equal(["registry.internal"], gate.InternalRegistries);
        Assert.Equal(["kata", "gvisor"], gate.ExternalRuntimeClasses);
        Assert.Equal((Severity.High, true, TimeSpan.FromDays(7)), (gate.Threshold, gate.CountUnfixed, gate.MaxReportAge));
        var rule = Assert.Single(gate.Escalations);
        Assert.Equal((Severity.Critical, true, "kata"), (rule.Severity, rule.UnfixedOnly, Assert.Single(rule.RuntimeClasses)));
        Assert.Equal(["5.31"], gate.CisIgnore);
    }

    [Fact]
    public void Parse_NoGateSection_UsesTheDefault()
    {
        Assert.Same(GatePolicy.Default, RuntimePolicyLoader.Default.Gate);
    }

    [Fact]
    public void Parse_BadGateSection_ReportsEveryProblemWithLineAndColumn()
    {
        var text = GateFixtures.Policy
            .Replace("version: 1", "version: 2", StringComparison.Ordinal)
            .Replace("threshold: high", "threshold: severe", StringComparison.Ordinal)
            .Replace("maxReportAge: 7d", "maxReportAge: 7w", StringComparison.Ordinal)
            .Replace("runtimeClasses: [kata]}", "runtimeClasses: [firecracker]}", StringComparison.Ordinal)
            .Replace("ignore: [\"5.31\"]", "ignore: [\"9.9\"]\n      enforce: true", StringComparison.Ordinal);

        var ex = Assert.Throws<RuntimePolicyException>(() => GateFixtures.LoadPolicy(text));

        var lines = ex.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains("policy.yaml:12:5: gate.version 2 is not supported by this palisade (only 1)", lines);
        Assert.Contains(lines, l => l.StartsWith("policy.yaml:17:7: threshold must be one of", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("policy.yaml:19:7: maxReportAge must be a duration", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("policy.yaml:21:68: runtime class \"firecracker\" is not defined", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("policy.yaml:23:", StringComparison.Ordinal) && l.EndsWith("\"9.9\" is not a CIS check palisade evaluates (see docs/gate.md)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("policy.yaml:24:7: unknown field \"enforce\"", StringComparison.Ordinal));
    }
}

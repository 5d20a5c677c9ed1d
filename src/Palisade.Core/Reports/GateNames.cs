using Palisade.Core.Gate;

namespace Palisade.Core.Reports;

/// <summary>The one printer of gate categories and outcomes (lowercase, as in the JSON contract and SARIF categories).</summary>
public static class GateNames
{
    public static string Category(GateCategory category) => category switch
    {
        GateCategory.Manifests => "manifests",
        GateCategory.Vulnerabilities => "vulnerabilities",
        GateCategory.Cis => "cis",
        _ => "canary",
    };

    public static string Outcome(GateOutcome outcome) => outcome switch
    {
        GateOutcome.Fail => "fail",
        GateOutcome.Warn => "warn",
        GateOutcome.Suppressed => "suppressed",
        GateOutcome.Baselined => "baselined",
        _ => "escalated",
    };
}

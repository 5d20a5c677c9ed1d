namespace Palisade.Core.Monitoring;

/// <summary>Rules read from files: the rule set when there were no errors, else every error found.</summary>
public sealed record RulesLoadResult(RuleSet? Rules, IReadOnlyList<RuleDiagnostic> Errors)
{
    public bool Ok => Errors.Count == 0 && Rules is not null;
}

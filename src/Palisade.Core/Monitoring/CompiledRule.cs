namespace Palisade.Core.Monitoring;

/// <summary>A rule ready to evaluate.</summary>
public sealed record CompiledRule(
    string Name,
    RulePriority Priority,
    OutputTemplate Output,
    IReadOnlyList<string> Tags,
    Func<MonitorEvent, bool> Condition)
{
    /// <summary>The evt.type values the condition can match, or null for any (rules are indexed by it).</summary>
    public IReadOnlySet<string>? EventTypes { get; init; }
}

namespace Palisade.Core.Monitoring;

/// <summary>A rule ready to evaluate.</summary>
public sealed record CompiledRule(
    string Name,
    RulePriority Priority,
    OutputTemplate Output,
    IReadOnlyList<string> Tags,
    Func<MonitorEvent, bool> Condition);

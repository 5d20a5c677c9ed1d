namespace Palisade.Core.Monitoring;

/// <summary>A rule that matched an event, in Falco's output shape.</summary>
public sealed record Alert(
    long TimeNs,
    string Rule,
    RulePriority Priority,
    string Output,
    IReadOnlyDictionary<string, string?> OutputFields,
    IReadOnlyList<string> Tags);

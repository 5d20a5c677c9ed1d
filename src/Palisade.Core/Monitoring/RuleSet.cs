using System.Collections.Frozen;

namespace Palisade.Core.Monitoring;

/// <summary>The enabled rules of one or more rules files, evaluated against events; indexed by evt.type.</summary>
public sealed class RuleSet
{
    private readonly FrozenDictionary<string, CompiledRule[]> byType;
    private readonly CompiledRule[] anyType;

    public RuleSet(IReadOnlyList<CompiledRule> rules)
    {
        Rules = rules;
        anyType = [.. rules.Where(r => r.EventTypes is null)];
        var types = rules.Where(r => r.EventTypes is not null).SelectMany(r => r.EventTypes!).Distinct(StringComparer.Ordinal);
        byType = types.ToFrozenDictionary(
            t => t,
            t => rules.Where(r => r.EventTypes is null || r.EventTypes.Contains(t)).ToArray(),
            StringComparer.Ordinal);
    }

    public IReadOnlyList<CompiledRule> Rules { get; }

    /// <summary>Every rule that matches <paramref name="e"/>, in file order, as alerts (usually none).</summary>
    public List<Alert>? Evaluate(MonitorEvent e)
    {
        List<Alert>? alerts = null;
        foreach (var rule in byType.GetValueOrDefault(e.Type, anyType))
        {
            if (rule.Condition(e))
            {
                (alerts ??= []).Add(new Alert(e.TimeNs, rule.Name, rule.Priority, rule.Output.Render(e), rule.Output.Values(e), rule.Tags));
            }
        }

        return alerts;
    }
}

namespace Palisade.Core.Monitoring;

/// <summary>The enabled rules of one or more rules files, evaluated against events.</summary>
public sealed class RuleSet(IReadOnlyList<CompiledRule> rules)
{
    public IReadOnlyList<CompiledRule> Rules { get; } = rules;

    /// <summary>Every rule that matches <paramref name="e"/>, as alerts (usually none).</summary>
    public List<Alert>? Evaluate(MonitorEvent e)
    {
        List<Alert>? alerts = null;
        foreach (var rule in Rules)
        {
            if (rule.Condition(e))
            {
                (alerts ??= []).Add(new Alert(e.TimeNs, rule.Name, rule.Priority, rule.Output.Render(e), rule.Output.Values(e), rule.Tags));
            }
        }

        return alerts;
    }
}

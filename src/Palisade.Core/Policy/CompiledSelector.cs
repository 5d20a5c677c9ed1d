namespace Palisade.Core.Policy;

/// <summary>A <see cref="LabelSelector"/> flattened into arrays, with its description built once.</summary>
internal sealed class CompiledSelector
{
    private readonly KeyValuePair<string, string>[] _labels;
    private readonly LabelSelectorRequirement[] _expressions;

    public CompiledSelector(LabelSelector selector, string subject)
    {
        _labels = [.. selector.MatchLabels.OrderBy(p => p.Key, StringComparer.Ordinal)];
        _expressions = [.. selector.MatchExpressions];
        var parts = _labels.Select(p => $"{p.Key}={p.Value}").Concat(_expressions.Select(Describe)).ToList();
        Description = $"{subject} label{(parts.Count > 1 ? "s" : "")} {string.Join(", ", parts)}";
    }

    /// <summary>For example <c>pod label vendor-workload=true</c>.</summary>
    public string Description { get; }

    public bool Matches(IDictionary<string, string>? labels)
    {
        foreach (var (key, value) in _labels)
        {
            if (labels is null || !labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var requirement in _expressions)
        {
            string? actual = null;
            var has = labels is not null && labels.TryGetValue(requirement.Key, out actual);
            if (!Holds(requirement, has, actual))
            {
                return false;
            }
        }

        return true;
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        foreach (var (key, value) in _labels)
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var requirement in _expressions)
        {
            var has = labels.TryGetValue(requirement.Key, out var actual);
            if (!Holds(requirement, has, actual))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Holds(LabelSelectorRequirement requirement, bool has, string? actual) => requirement.Operator switch
    {
        "In" => has && Contains(requirement.Values, actual!),
        "NotIn" => !has || !Contains(requirement.Values, actual!),
        "Exists" => has,
        "DoesNotExist" => !has,
        _ => false,
    };

    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(LabelSelectorRequirement r) => r.Operator switch
    {
        "In" => $"{r.Key} in ({string.Join(", ", r.Values)})",
        "NotIn" => $"{r.Key} notin ({string.Join(", ", r.Values)})",
        "Exists" => $"{r.Key} present",
        _ => $"{r.Key} absent",
    };
}

namespace Palisade.Core.Policy;

/// <summary>A Kubernetes label selector: every <see cref="MatchLabels"/> pair and every expression must hold.</summary>
public sealed record LabelSelector(
    IReadOnlyDictionary<string, string> MatchLabels,
    IReadOnlyList<LabelSelectorRequirement> MatchExpressions);

namespace Palisade.Core.Policy;

/// <summary>
/// One way a pod can fall into a tier. Every criterion that is set must hold (AND); a tier matches when any of its
/// rules does (OR).
/// </summary>
/// <param name="Namespaces">The pod's namespace is one of these names; empty: any namespace.</param>
/// <param name="NamespaceSelector">The labels of the pod's namespace match; null: any.</param>
/// <param name="PodSelector">The pod's labels match; null: any.</param>
/// <param name="Images">Where the pod's images come from; null: anywhere.</param>
public sealed record TierMatchRule(
    IReadOnlyList<string> Namespaces,
    LabelSelector? NamespaceSelector,
    LabelSelector? PodSelector,
    ImageOrigin? Images);

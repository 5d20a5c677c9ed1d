namespace Palisade.Core.Assessment;

/// <summary>The runtime to use and the evidence behind it, one checkable sentence a reason.</summary>
public sealed record RuntimeRecommendation(RecommendedRuntime Runtime, IReadOnlyList<string> Reasons);

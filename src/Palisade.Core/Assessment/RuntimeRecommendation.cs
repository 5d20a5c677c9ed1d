namespace Palisade.Core.Assessment;

/// <summary>The runtime to use (<c>gvisor</c>, <c>kata</c> or <c>runc</c>) and the evidence behind it, one checkable sentence a reason.</summary>
public sealed record RuntimeRecommendation(string Runtime, IReadOnlyList<string> Reasons);

namespace Palisade.Core.Policy;

/// <summary>One <c>matchExpressions</c> entry: <see cref="Operator"/> is <c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
public sealed record LabelSelectorRequirement(string Key, string Operator, IReadOnlyList<string> Values);

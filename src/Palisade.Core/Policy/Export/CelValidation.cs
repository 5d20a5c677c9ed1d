namespace Palisade.Core.Policy.Export;

/// <summary>One tier's runtime-class rule in CEL: <see cref="Expression"/> is true when the object passes.</summary>
/// <param name="Tier">The tier it belongs to.</param>
/// <param name="Expression">True when the object is allowed by this tier's rule (or is not in this tier).</param>
/// <param name="MessageExpression">The denial message, naming the tier and why it matched, as Palisade's engine words it.</param>
/// <param name="Message">A static fallback message.</param>
public sealed record CelValidation(string Tier, string Expression, string MessageExpression, string Message);

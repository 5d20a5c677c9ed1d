namespace Palisade.Core.Policy;

/// <summary>
/// One failed check. Pod Security ones carry upstream's check id and <c>reason (detail)</c> text; runtime-policy ones
/// have <see cref="Check"/> <c>runtimeClass</c> and name the tier and why it matched.
/// </summary>
public sealed record PolicyViolation(string Check, string Message);

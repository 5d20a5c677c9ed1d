namespace Palisade.Core.Node;

/// <summary>One thing <c>node doctor</c> found: what, why it matters, and the fix.</summary>
/// <param name="Severity">Error, warning or info.</param>
/// <param name="Code">A stable identifier, e.g. default-runtime-missing.</param>
/// <param name="What">What was found, in one line.</param>
/// <param name="Why">Why it matters.</param>
/// <param name="Fix">What to do (empty for info).</param>
/// <param name="Source">FILE:LINE where it was found, or null for host facts.</param>
public sealed record NodeFinding(FindingSeverity Severity, string Code, string What, string Why, string Fix, string? Source = null);

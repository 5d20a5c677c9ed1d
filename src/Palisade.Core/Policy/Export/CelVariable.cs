namespace Palisade.Core.Policy.Export;

/// <summary>A named CEL expression, read by later expressions as <c>variables.NAME</c>.</summary>
public sealed record CelVariable(string Name, string Expression);

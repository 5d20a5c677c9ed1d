namespace Palisade.Core.Policy.Testing;

/// <summary>One expectation of a policy test file: a resource and what the engine must decide for it.</summary>
/// <param name="Resource">The resource reference as written: <c>Kind/name</c> or <c>Kind/namespace/name</c>.</param>
/// <param name="Line">Line of the expectation in the test file (1-based).</param>
/// <param name="Column">Column of the expectation in the test file (1-based).</param>
/// <param name="Tier">Expected tier, or null when not checked.</param>
/// <param name="RuntimeClass">Expected runtime class after the patch ("" for none), or null when not checked.</param>
/// <param name="Allowed">Expected allow (true) or deny (false).</param>
public sealed record PolicyTestCase(string Resource, int Line, int Column, string? Tier, string? RuntimeClass, bool Allowed);

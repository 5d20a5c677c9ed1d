namespace Palisade.Core.Policy.Testing;

/// <summary>A read policy test file (<c>palisade-test.yaml</c>); paths are resolved against the file's folder.</summary>
/// <param name="Source">The test file's path.</param>
/// <param name="Name">The suite's name (metadata.name).</param>
/// <param name="PolicyPath">The RuntimePolicy file, or null for the built-in policy.</param>
/// <param name="Resources">Manifest files holding the resources (and any Namespace objects whose labels apply).</param>
/// <param name="Cases">The expectations, in file order.</param>
public sealed record PolicyTestSuite(string Source, string Name, string? PolicyPath, IReadOnlyList<string> Resources, IReadOnlyList<PolicyTestCase> Cases);

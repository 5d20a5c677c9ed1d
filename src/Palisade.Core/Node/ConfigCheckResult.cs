namespace Palisade.Core.Node;

/// <summary>What checking one runtime config file gave.</summary>
/// <param name="Problem">The file does not parse (line and column), or null.</param>
/// <param name="Findings">Every problem found, not only the first.</param>
/// <param name="Handlers">The runtime handlers the file configures (RuntimeClass handlers it can serve).</param>
public sealed record ConfigCheckResult(TomlDiagnostic? Problem, IReadOnlyList<NodeFinding> Findings, IReadOnlyList<string> Handlers);

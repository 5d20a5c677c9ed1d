namespace Palisade.Core.Node;

/// <summary>The outcome of merging Palisade's tables into an existing containerd config.</summary>
/// <param name="Text">The merged file, or null when it could not be merged safely.</param>
/// <param name="Problem">Why not (with line and column when the input does not parse), or null.</param>
/// <param name="AddedTables">Table headers added.</param>
/// <param name="ChangedKeys">Keys added or given a new value (header.key).</param>
public sealed record ContainerdMergeResult(string? Text, TomlDiagnostic? Problem, IReadOnlyList<string> AddedTables, IReadOnlyList<string> ChangedKeys);

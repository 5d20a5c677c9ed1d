namespace Palisade.Core.Manifests;

/// <summary>Limits that keep a load bounded on hostile or broken input.</summary>
public sealed record ManifestLoaderOptions
{
    public static ManifestLoaderOptions Default { get; } = new();

    /// <summary>Files (and standard input) larger than this are reported, not read.</summary>
    public long MaxFileBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Deepest nesting of mappings and sequences accepted in one document.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes one file may produce by expanding YAML aliases, over all its documents (guards against "billion laughs").</summary>
    public int MaxAliasNodes { get; init; } = 100_000;

    /// <summary>Most nodes all the files of one load may produce by expanding aliases.</summary>
    public int MaxAliasNodesPerRun { get; init; } = 1_000_000;
}

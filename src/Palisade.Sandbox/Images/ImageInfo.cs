namespace Palisade.Sandbox.Images;

/// <summary>What was read from the image (or the bundle) that a bundle was prepared from.</summary>
public sealed record ImageInfo
{
    /// <summary>The image reference (ref.name annotation or RepoTag), or null when the image had none.</summary>
    public string? Reference { get; init; }

    /// <summary>Manifest digest (<c>sha256:...</c>) for OCI images; null for bundles and host commands.</summary>
    public string? ManifestDigest { get; init; }

    /// <summary>Layer blob digests, lowest layer first.</summary>
    public IReadOnlyList<string> Layers { get; init; } = [];

    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyList<string> Env { get; init; } = [];

    public string WorkingDirectory { get; init; } = "/";

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    /// <summary>Device nodes, fifos and other special entries that were not created.</summary>
    public int SkippedSpecialFiles { get; init; }

    /// <summary>Set-user-id and set-group-id bits removed from extracted files.</summary>
    public int StrippedSetIdBits { get; init; }
}

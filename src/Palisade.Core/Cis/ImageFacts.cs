namespace Palisade.Core.Cis;

/// <summary>A regular file in an image's layers, with its permission bits (setuid 04000, setgid 02000 included).</summary>
public sealed record ImageFile(string Path, int Mode);

/// <summary>What the image CIS checks read from an image: its config, history and the files of its layers.</summary>
/// <param name="Name">The image reference or target path, for messages.</param>
/// <param name="Source">The target it was read from (an OCI layout or archive).</param>
/// <param name="ManifestDigest">The manifest digest, when known.</param>
/// <param name="ConfigDigest">The config digest (trivy's ImageID, grype's imageID), when known.</param>
/// <param name="User">config.User, or null when unset.</param>
/// <param name="Env">config.Env as <c>NAME=value</c>.</param>
/// <param name="Command">config.Entrypoint followed by config.Cmd.</param>
/// <param name="History">history[].created_by, oldest first.</param>
/// <param name="HasHealthcheck">config.Healthcheck is set (and not NONE).</param>
/// <param name="Files">Regular files of the merged layers (later layers win; whiteouts applied).</param>
public sealed record ImageFacts(
    string Name,
    string Source,
    string? ManifestDigest,
    string? ConfigDigest,
    string? User,
    IReadOnlyList<string> Env,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> History,
    bool HasHealthcheck,
    IReadOnlyList<ImageFile> Files);

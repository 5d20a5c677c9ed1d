namespace Palisade.Core.Scanning;

/// <summary>
/// Which image a report is about. <see cref="Digests"/> holds manifest digests (trivy <c>Metadata.RepoDigests</c>,
/// grype <c>source.target.repoDigests</c>/<c>manifestDigest</c>) and <see cref="ImageId"/> the config digest (trivy
/// <c>Metadata.ImageID</c>, grype <c>imageID</c>); <see cref="Names"/> (tags, the scanned reference) are only a fallback.
/// </summary>
public sealed record ImageIdentity(IReadOnlyList<string> Digests, string? ImageId, IReadOnlyList<string> Names)
{
    public static ImageIdentity None { get; } = new([], null, []);

    /// <summary>What to show: the first name, else the first manifest digest, else the image id.</summary>
    public string Display => Names.Count > 0 ? Names[0] : Digests.Count > 0 ? Digests[0] : ImageId ?? "(unknown image)";
}

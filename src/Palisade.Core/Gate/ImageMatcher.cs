using Palisade.Core.Cis;
using Palisade.Core.Policy;
using Palisade.Core.Scanning;

namespace Palisade.Core.Gate;

/// <summary>How a report was tied to an image.</summary>
public enum ImageMatch
{
    None,
    Digest,
    Name,
}

/// <summary>
/// Ties scan reports to images: by digest first (a manifest digest in the reference or the image, the report's repo
/// digests or manifest digest; or the config digest against the report's image id), by name only as a fallback
/// (registry and repository normalised as Docker does, tag defaulting to latest).
/// </summary>
internal static class ImageMatcher
{
    public static ImageMatch Match(ImageIdentity report, string imageReference)
    {
        var at = imageReference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var digest = imageReference[(at + 1)..];
            if (report.Digests.Any(d => DigestOf(d) == digest) || report.ImageId == digest)
            {
                return ImageMatch.Digest;
            }
        }

        return NameMatches(report, imageReference) ? ImageMatch.Name : ImageMatch.None;
    }

    public static ImageMatch Match(ImageIdentity report, ImageFacts image)
    {
        if ((image.ManifestDigest is { } m && report.Digests.Any(d => DigestOf(d) == m))
            || (image.ConfigDigest is { } c && report.ImageId == c))
        {
            return ImageMatch.Digest;
        }

        return NameMatches(report, image.Name) ? ImageMatch.Name : ImageMatch.None;
    }

    /// <summary><c>registry/repository:tag</c>, normalised; the digest is dropped.</summary>
    public static string Normalise(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? reference[..at] : reference;
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        var tag = colon > slash ? name[(colon + 1)..] : "latest";
        return ImageReference.Parse(reference) + ":" + tag;
    }

    /// <summary><c>registry/repository</c>, normalised.</summary>
    public static string Repository(string reference) => ImageReference.Parse(reference).ToString();

    private static bool NameMatches(ImageIdentity report, string reference)
    {
        if (reference.Length == 0 || reference.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var wanted = Normalise(reference);
        return report.Names.Any(n => !n.Contains(' ', StringComparison.Ordinal) && Normalise(n) == wanted);
    }

    private static string DigestOf(string repoDigest)
    {
        var at = repoDigest.IndexOf('@', StringComparison.Ordinal);
        return at >= 0 ? repoDigest[(at + 1)..] : repoDigest;
    }
}

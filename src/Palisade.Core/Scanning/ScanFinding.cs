namespace Palisade.Core.Scanning;

/// <summary>One vulnerability in one package of one image, whichever scanner found it.</summary>
/// <param name="VulnerabilityId">CVE, GHSA, distro advisory id.</param>
/// <param name="Aliases">Other ids of the same vulnerability (trivy <c>VendorIDs</c>, grype <c>relatedVulnerabilities</c>).</param>
/// <param name="Severity">On the one scale.</param>
/// <param name="Package">Package name.</param>
/// <param name="PackageType">Ecosystem: <c>debian</c>, <c>alpine</c>, <c>jar</c>, <c>rpm</c>…, or empty.</param>
/// <param name="InstalledVersion">The version in the image.</param>
/// <param name="FixedVersions">Versions that fix it, comma-separated as the scanner gave them; empty when none.</param>
/// <param name="FixState">Whether a fix exists.</param>
/// <param name="Fingerprint">trivy's <c>Fingerprint</c> when present, else one derived from image, package and id.</param>
/// <param name="Target">Where in the image: trivy's result target, grype's first artifact location.</param>
/// <param name="Title">A one-line description, when the scanner gave one.</param>
/// <param name="CvssScore">The highest CVSS v3 base score given, when any.</param>
public sealed record ScanFinding(
    string VulnerabilityId,
    IReadOnlyList<string> Aliases,
    Severity Severity,
    string Package,
    string PackageType,
    string InstalledVersion,
    string FixedVersions,
    FixState FixState,
    string Fingerprint,
    string Target,
    string? Title,
    double? CvssScore)
{
    /// <summary>True when <paramref name="id"/> is this finding's id or one of its aliases.</summary>
    public bool HasId(string id) =>
        string.Equals(VulnerabilityId, id, StringComparison.OrdinalIgnoreCase)
        || Aliases.Any(a => string.Equals(a, id, StringComparison.OrdinalIgnoreCase));
}

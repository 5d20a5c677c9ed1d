namespace Palisade.Core.Scanning;

/// <summary>One scanner report read into the common model.</summary>
/// <param name="Source">The file it was read from.</param>
/// <param name="Scanner">trivy or grype.</param>
/// <param name="ScannerVersion">The scanner's version, when the report says.</param>
/// <param name="CreatedAt">When the scan ran (trivy <c>CreatedAt</c>, grype <c>descriptor.timestamp</c>); null when absent or blank.</param>
/// <param name="Image">The scanned image.</param>
/// <param name="Findings">Every finding the scanner reported as a match.</param>
/// <param name="IgnoredByScanner">Findings the scanner itself ignored (grype <c>ignoredMatches</c>), kept for the report only.</param>
public sealed record ScanReport(
    string Source,
    Scanner Scanner,
    string? ScannerVersion,
    DateTimeOffset? CreatedAt,
    ImageIdentity Image,
    IReadOnlyList<ScanFinding> Findings,
    IReadOnlyList<ScanFinding> IgnoredByScanner);

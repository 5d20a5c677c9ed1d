namespace Palisade.Core.Scanning;

/// <summary>The tool that wrote a report, told from the report's shape.</summary>
public enum Scanner
{
    Trivy,
    Grype,
}

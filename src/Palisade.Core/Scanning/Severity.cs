namespace Palisade.Core.Scanning;

/// <summary>
/// One severity scale for every scanner, lowest first. grype's <c>Negligible</c> is read as <see cref="Low"/>
/// (trivy has no lower level than LOW); anything unrecognised is <see cref="Unknown"/>.
/// </summary>
public enum Severity
{
    Unknown = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

/// <summary>The one parser and printer of <see cref="Severity"/> values.</summary>
public static class SeverityNames
{
    /// <summary>Reads trivy's <c>CRITICAL</c>, grype's <c>Critical</c>/<c>Negligible</c>, or a policy's <c>critical</c>.</summary>
    public static bool TryParse(string? text, out Severity severity)
    {
        severity = (text ?? "").ToUpperInvariant() switch
        {
            "CRITICAL" => Severity.Critical,
            "HIGH" => Severity.High,
            "MEDIUM" => Severity.Medium,
            "LOW" or "NEGLIGIBLE" => Severity.Low,
            "UNKNOWN" => Severity.Unknown,
            _ => (Severity)(-1),
        };
        if ((int)severity < 0)
        {
            severity = Severity.Unknown;
            return false;
        }

        return true;
    }

    /// <summary>Lenient read for scanner output: anything unknown is <see cref="Severity.Unknown"/>.</summary>
    public static Severity Parse(string? text) => TryParse(text, out var s) ? s : Severity.Unknown;

    public static string Format(Severity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>SARIF <c>security-severity</c> when no CVSS score is known (trivy's fixed values).</summary>
    public static double SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => 9.5,
        Severity.High => 8.0,
        Severity.Medium => 5.5,
        Severity.Low => 2.0,
        _ => 0.0,
    };
}

using System.Text.Json;

namespace Palisade.Core.Scanning;

/// <summary>
/// trivy <c>-f json</c>, SchemaVersion 2. Old and new fields: <c>Results</c> and <c>Vulnerabilities</c> may be
/// missing or null; <c>Status</c> (newer) says whether a fix exists, else a non-empty <c>FixedVersion</c> does;
/// <c>Severity</c> is taken, else the <c>VendorSeverity</c> number (0 unknown … 4 critical) of <c>SeveritySource</c>,
/// else the highest vendor's; <c>Fingerprint</c> (trivy 0.68+) is kept, else derived.
/// </summary>
internal static class TrivyReportReader
{
    public static ScanReport Read(string source, JsonElement root)
    {
        var metadata = JsonFields.Object(root, "Metadata") ?? default;
        var digests = JsonFields.Strings(metadata, "RepoDigests");
        var imageId = JsonFields.String(metadata, "ImageID");
        var names = new List<string>();
        names.AddRange(JsonFields.Strings(metadata, "RepoTags"));
        if (JsonFields.String(metadata, "Reference") is { Length: > 0 } reference && !names.Contains(reference))
        {
            names.Add(reference);
        }

        if (JsonFields.String(root, "ArtifactName") is { Length: > 0 } artifact && !names.Contains(artifact))
        {
            names.Add(artifact);
        }

        var artifactId = JsonFields.String(root, "ArtifactID") ?? imageId ?? names.FirstOrDefault();
        var findings = new List<ScanFinding>();
        foreach (var result in JsonFields.Array(root, "Results"))
        {
            var target = JsonFields.String(result, "Target") ?? "";
            var type = JsonFields.String(result, "Type") ?? JsonFields.String(result, "Class") ?? "";
            foreach (var v in JsonFields.Array(result, "Vulnerabilities"))
            {
                if (Finding(v, target, type, artifactId) is { } finding)
                {
                    findings.Add(finding);
                }
            }
        }

        return new ScanReport(
            source,
            Scanner.Trivy,
            JsonFields.Object(root, "Trivy") is { } trivy ? JsonFields.String(trivy, "Version") : null,
            JsonFields.Time(JsonFields.String(root, "CreatedAt")),
            new ImageIdentity(digests, imageId, names),
            findings,
            []);
    }

    private static ScanFinding? Finding(JsonElement v, string target, string type, string? artifactId)
    {
        if (JsonFields.String(v, "VulnerabilityID") is not { Length: > 0 } id)
        {
            return null;
        }

        var package = JsonFields.String(v, "PkgName") ?? "";
        var installed = JsonFields.String(v, "InstalledVersion") ?? "";
        var fixedVersion = JsonFields.String(v, "FixedVersion") ?? "";
        var status = JsonFields.String(v, "Status");
        var fix = status is not null ? FixStates.Parse(status) : fixedVersion.Length > 0 ? FixState.Fixed : FixState.NotFixed;
        var pkgId = JsonFields.String(v, "PkgID") ?? $"{package}@{installed}";
        return new ScanFinding(
            id,
            JsonFields.Strings(v, "VendorIDs"),
            SeverityOf(v),
            package,
            type,
            installed,
            fixedVersion,
            fix,
            JsonFields.String(v, "Fingerprint") ?? JsonFields.Fingerprint("trivy", artifactId, target, pkgId, id),
            target,
            JsonFields.String(v, "Title"),
            Cvss(v));
    }

    private static Severity SeverityOf(JsonElement v)
    {
        if (JsonFields.String(v, "Severity") is { } text && SeverityNames.TryParse(text, out var severity))
        {
            return severity;
        }

        if (JsonFields.Object(v, "VendorSeverity") is not { } vendors)
        {
            return Severity.Unknown;
        }

        if (JsonFields.String(v, "SeveritySource") is { } from && JsonFields.Number(vendors, from) is { } chosen)
        {
            return FromNumber(chosen);
        }

        var highest = Severity.Unknown;
        foreach (var p in vendors.EnumerateObject())
        {
            if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDouble(out var n) && FromNumber(n) > highest)
            {
                highest = FromNumber(n);
            }
        }

        return highest;
    }

    private static Severity FromNumber(double n) => n switch
    {
        >= 4 => Severity.Critical,
        >= 3 => Severity.High,
        >= 2 => Severity.Medium,
        >= 1 => Severity.Low,
        _ => Severity.Unknown,
    };

    private static double? Cvss(JsonElement v)
    {
        double? best = null;
        if (JsonFields.Object(v, "CVSS") is { } cvss)
        {
            foreach (var vendor in cvss.EnumerateObject())
            {
                if (JsonFields.Number(vendor.Value, "V3Score") is { } score && (best is null || score > best))
                {
                    best = score;
                }
            }
        }

        return best;
    }
}

using System.Text.Json;

namespace Palisade.Core.Scanning;

/// <summary>
/// grype <c>-o json</c>: <c>matches</c> and <c>ignoredMatches</c>, <c>fix.state</c> (including the empty string real
/// output carries), <c>relatedVulnerabilities</c> as aliases, severity <c>Negligible</c> read as low.
/// <c>source.target</c> is an object for images (digests from <c>repoDigests</c>/<c>manifestDigest</c>) and a plain
/// string for some sources (the empty report): then only its name is known.
/// </summary>
internal static class GrypeReportReader
{
    public static ScanReport Read(string source, JsonElement root)
    {
        var image = Identity(JsonFields.Object(root, "source") ?? default);
        var key = (image.Digests.Count > 0 ? image.Digests[0] : null) ?? image.ImageId ?? (image.Names.Count > 0 ? image.Names[0] : null);
        var findings = JsonFields.Array(root, "matches").Select(m => Finding(m, key)).OfType<ScanFinding>().ToList();
        var ignored = JsonFields.Array(root, "ignoredMatches").Select(m => Finding(m, key)).OfType<ScanFinding>().ToList();
        var descriptor = JsonFields.Object(root, "descriptor") ?? default;
        return new ScanReport(
            source,
            Scanner.Grype,
            JsonFields.String(descriptor, "version"),
            JsonFields.Time(JsonFields.String(descriptor, "timestamp")),
            image,
            findings,
            ignored);
    }

    private static ImageIdentity Identity(JsonElement source)
    {
        if (source.ValueKind != JsonValueKind.Object || !source.TryGetProperty("target", out var target))
        {
            return ImageIdentity.None;
        }

        if (target.ValueKind == JsonValueKind.String)
        {
            var name = target.GetString();
            return string.IsNullOrEmpty(name) || name == "unknown" ? ImageIdentity.None : new ImageIdentity([], null, [name]);
        }

        var digests = JsonFields.Strings(target, "repoDigests");
        if (JsonFields.String(target, "manifestDigest") is { Length: > 0 } manifest)
        {
            digests.Add(manifest);
        }

        var names = JsonFields.Strings(target, "tags");
        if (JsonFields.String(target, "userInput") is { Length: > 0 } input && !names.Contains(input))
        {
            names.Add(input);
        }

        return new ImageIdentity(digests, JsonFields.String(target, "imageID"), names);
    }

    private static ScanFinding? Finding(JsonElement match, string? imageKey)
    {
        var vulnerability = JsonFields.Object(match, "vulnerability") ?? default;
        if (JsonFields.String(vulnerability, "id") is not { Length: > 0 } id)
        {
            return null;
        }

        var artifact = JsonFields.Object(match, "artifact") ?? default;
        var package = JsonFields.String(artifact, "name") ?? "";
        var version = JsonFields.String(artifact, "version") ?? "";
        var type = JsonFields.String(artifact, "type") ?? "";
        var fix = JsonFields.Object(vulnerability, "fix") ?? default;
        var aliases = JsonFields.Array(match, "relatedVulnerabilities")
            .Select(r => JsonFields.String(r, "id"))
            .OfType<string>()
            .Where(a => a.Length > 0 && !string.Equals(a, id, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var location = JsonFields.Array(artifact, "locations").Select(l => JsonFields.String(l, "path")).OfType<string>().FirstOrDefault() ?? "";
        double? cvss = null;
        foreach (var c in JsonFields.Array(vulnerability, "cvss"))
        {
            if (JsonFields.String(c, "version") is { } v && v.StartsWith('3') && JsonFields.Object(c, "metrics") is { } metrics
                && JsonFields.Number(metrics, "baseScore") is { } score && (cvss is null || score > cvss))
            {
                cvss = score;
            }
        }

        return new ScanFinding(
            id,
            aliases,
            SeverityNames.Parse(JsonFields.String(vulnerability, "severity")),
            package,
            type,
            version,
            string.Join(", ", JsonFields.Strings(fix, "versions")),
            FixStates.Parse(JsonFields.String(fix, "state")),
            JsonFields.Fingerprint("grype", imageKey, package, version, type, location, id),
            location,
            JsonFields.String(vulnerability, "description"),
            cvss);
    }
}

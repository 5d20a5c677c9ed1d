using System.Globalization;
using System.Text.Json.Nodes;
using Palisade.Core.Manifests;

namespace Palisade.Core.Gate;

/// <summary>
/// Reads a suppressions file:
/// <code>
/// apiVersion: palisade.dev/v1alpha1
/// kind: GateSuppressions
/// suppressions:
///   - id: CVE-2019-18276
///     package: bash          # optional
///     image: registry.internal/app   # optional
///     reason: no login shell is reachable
///     expires: 2026-12-31    # optional, YYYY-MM-DD (UTC); the suppression ends at the start of that day
/// </code>
/// Every problem is reported with its line and column; one problem makes the file unusable.
/// </summary>
public static class SuppressionsReader
{
    public const string Kind = "GateSuppressions";

    private static readonly string[] TopFields = ["apiVersion", "kind", "metadata", "suppressions"];
    private static readonly string[] EntryFields = ["id", "package", "image", "reason", "expires"];

    public static (IReadOnlyList<Suppression> Suppressions, IReadOnlyList<GateInputProblem> Problems) Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Read(ManifestLoader.Load([path]), path);
    }

    public static (IReadOnlyList<Suppression> Suppressions, IReadOnlyList<GateInputProblem> Problems) Parse(string text, string source) =>
        Read(ManifestLoader.LoadText(source, text), source);

    private static (IReadOnlyList<Suppression>, IReadOnlyList<GateInputProblem>) Read(ManifestSet set, string source)
    {
        var problems = set.Diagnostics.Select(d => new GateInputProblem(d.Source, d.Position.Line, d.Position.Column, d.Message)).ToList();
        var result = new List<Suppression>();
        if (problems.Count > 0)
        {
            return (result, problems);
        }

        if (set.Objects.Count != 1)
        {
            return (result, [new GateInputProblem(source, 0, 0, $"a suppressions file holds one {Kind} object (found {set.Objects.Count})")]);
        }

        var obj = set.Objects[0];
        void Problem(string pointer, string message)
        {
            var at = obj.Locate(pointer);
            problems.Add(new GateInputProblem(source, at.Line, at.Column, message));
        }

        foreach (var (key, _) in obj.Body)
        {
            if (!TopFields.Contains(key))
            {
                Problem("/" + key, $"unknown field \"{key}\" (expected {string.Join(", ", TopFields)})");
            }
        }

        if (obj.ApiVersion != Policy.PolicyReader.ApiVersion || obj.Kind != Kind)
        {
            Problem("/kind", $"expected apiVersion {Policy.PolicyReader.ApiVersion} and kind {Kind}");
        }

        if (obj.Body["suppressions"] is not JsonArray items)
        {
            Problem("/suppressions", "suppressions must be a list");
            return (result, problems);
        }

        for (var i = 0; i < items.Count; i++)
        {
            var at = $"/suppressions/{i}";
            if (items[i] is not JsonObject entry)
            {
                Problem(at, $"suppressions[{i}] must be a mapping");
                continue;
            }

            foreach (var (key, _) in entry)
            {
                if (!EntryFields.Contains(key))
                {
                    Problem($"{at}/{key}", $"unknown field \"{key}\" in suppressions[{i}] (expected {string.Join(", ", EntryFields)})");
                }
            }

            string? Text(string field, bool required)
            {
                if (entry[field] is null)
                {
                    if (required)
                    {
                        Problem(at, $"suppressions[{i}] has no \"{field}\"");
                    }

                    return null;
                }

                if (entry[field] is JsonValue v && v.TryGetValue(out string? s) && s.Trim().Length > 0)
                {
                    return s.Trim();
                }

                Problem($"{at}/{field}", $"suppressions[{i}].{field} must be a non-empty string");
                return null;
            }

            var id = Text("id", required: true);
            var reason = Text("reason", required: true);
            var expiresText = Text("expires", required: false);
            DateTimeOffset? expires = null;
            if (expiresText is not null)
            {
                if (DateOnly.TryParseExact(expiresText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    expires = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                }
                else
                {
                    Problem($"{at}/expires", $"suppressions[{i}].expires must be a date YYYY-MM-DD (got \"{expiresText}\")");
                }
            }

            var package = Text("package", required: false);
            var image = Text("image", required: false);
            if (id is not null && reason is not null)
            {
                result.Add(new Suppression(id, package, image, reason, expires, source, obj.Locate(at)));
            }
        }

        return (problems.Count > 0 ? [] : result, problems);
    }
}

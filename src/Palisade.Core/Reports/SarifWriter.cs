using System.Text.Json;
using Palisade.Core.Checking;
using Palisade.Core.Manifests;

namespace Palisade.Core.Reports;

/// <summary>
/// <c>check --format sarif</c>: SARIF 2.1.0, one rule per Pod Security check id, one result per violation located at
/// the offending field. Input errors and namespace-label warnings become tool execution notifications, so a strict
/// consumer still gets a valid log when some files could not be read.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static void Write(CheckReport report, string toolVersion, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rules = CheckCatalog.All;
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);

        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        w.WriteStartObject();

        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "palisade");
        w.WriteString("version", toolVersion);
        w.WriteString("semanticVersion", toolVersion);
        w.WriteString("informationUri", CheckCatalog.StandardsUri);
        w.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(w, rule);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", report.Errors.Count == 0);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var e in report.Errors)
        {
            WriteNotification(w, e, "error");
        }

        foreach (var e in report.Warnings)
        {
            WriteNotification(w, e, "warning");
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartArray("results");
        foreach (var r in report.Results)
        {
            foreach (var v in r.Violations)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", v.Check);
                if (ruleIndex.TryGetValue(v.Check, out var index))
                {
                    w.WriteNumber("ruleIndex", index);
                }

                w.WriteString("level", "error");
                w.WriteStartObject("message");
                w.WriteString("text", v.Check == Policy.RuntimePolicyEngine.RuntimeClassCheck
                    ? $"{r.DisplayName}: {v.Message}"
                    : $"{r.DisplayName} violates PodSecurity \"{r.Policy}\": {v.Reason} ({v.Message})");
                w.WriteEndObject();
                w.WriteStartArray("locations");
                WriteLocation(w, r.Source, v.Position.IsKnown ? v.Position : r.Position);
                w.WriteEndArray();
                w.WriteStartObject("properties");
                w.WriteString("kind", r.Kind);
                w.WriteString("namespace", r.Namespace);
                w.WriteString("name", r.Name);
                w.WriteString("policy", r.Policy.ToString());
                w.WriteEndObject();
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>A relative path stays relative (resolved against the checkout root by code-scanning consumers); an absolute one becomes a file URI.</summary>
    public static string ToUri(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path == "<stdin>")
        {
            return "stdin";
        }

        var forward = path.Replace('\\', '/');
        var escaped = string.Join('/', forward.Split('/').Select(Uri.EscapeDataString));
        return Path.IsPathRooted(path) ? "file://" + escaped : escaped.StartsWith("./", StringComparison.Ordinal) ? escaped[2..] : escaped;
    }

    private static void WriteRule(Utf8JsonWriter w, CheckInfo rule)
    {
        w.WriteStartObject();
        w.WriteString("id", rule.Id);
        w.WriteString("name", char.ToUpperInvariant(rule.Id[0]) + rule.Id[1..].Replace("_", "", StringComparison.Ordinal));
        w.WriteStartObject("shortDescription");
        w.WriteString("text", rule.Title);
        w.WriteEndObject();
        w.WriteStartObject("fullDescription");
        w.WriteString("text", $"Pod Security Standards, {rule.Level} level: {rule.Title}.");
        w.WriteEndObject();
        w.WriteStartObject("help");
        w.WriteString("text", rule.Help);
        w.WriteString("markdown", $"**{rule.Title}** ({rule.Level}). {rule.Help} See [Pod Security Standards]({CheckCatalog.StandardsUri}).");
        w.WriteEndObject();
        w.WriteString("helpUri", CheckCatalog.StandardsUri);
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", "error");
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("tags");
        w.WriteStringValue("security");
        w.WriteStringValue("kubernetes");
        w.WriteStringValue("pod-security-" + rule.Level);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteNotification(Utf8JsonWriter w, ManifestDiagnostic d, string level)
    {
        w.WriteStartObject();
        w.WriteString("level", level);
        w.WriteStartObject("message");
        w.WriteString("text", d.Message);
        w.WriteEndObject();
        w.WriteStartArray("locations");
        WriteLocation(w, d.Source, d.Position);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter w, string source, SourcePosition position)
    {
        w.WriteStartObject();
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", ToUri(source));
        w.WriteEndObject();
        if (position.IsKnown)
        {
            w.WriteStartObject("region");
            w.WriteNumber("startLine", position.Line);
            w.WriteNumber("startColumn", position.Column);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}

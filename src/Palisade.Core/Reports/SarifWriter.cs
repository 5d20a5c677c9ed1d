using System.Text.Json;
using Palisade.Core.Checking;
using Palisade.Core.Manifests;

namespace Palisade.Core.Reports;

/// <summary>
/// <c>check --format sarif</c>: SARIF 2.1.0, one rule per Pod Security check id (and the runtime policy's), one result
/// per violation located at the offending field with a partial fingerprint, one run per category. Input errors and namespace-label warnings become tool execution notifications, so a strict
/// consumer still gets a valid log when some files could not be read.
/// </summary>
public static class SarifWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The automation category of Pod Security findings (a run's <c>automationDetails.id</c> prefix).</summary>
    public const string PodSecurityCategory = "palisade/pod-security/";

    /// <summary>The automation category of runtime-policy findings (RuntimeClass tiers).</summary>
    public const string RuntimePolicyCategory = "palisade/runtime-policy/";

    /// <summary>
    /// Writes one run per category: Pod Security always, runtime policy when it was checked or has results, so that
    /// code scanning closes alerts of a category only when that category was analysed.
    /// </summary>
    public static void Write(CheckReport report, string toolVersion, Stream output, bool runtimePolicyChecked = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var findings = report.Results.SelectMany(r => r.Violations.Select(v => (Object: r, Violation: v))).ToList();
        var runtime = findings.Where(f => f.Violation.Check == Policy.RuntimePolicyEngine.RuntimeClassCheck).ToList();
        var podSecurity = findings.Where(f => f.Violation.Check != Policy.RuntimePolicyEngine.RuntimeClassCheck).ToList();

        using var w = ReportJson.CreateWriter(output);
        w.WriteStartObject();
        w.WriteString("$schema", SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        WriteRun(w, report, toolVersion, PodSecurityCategory, CheckCatalog.All, podSecurity, notifications: true);
        if (runtimePolicyChecked || runtime.Count > 0)
        {
            WriteRun(w, report, toolVersion, RuntimePolicyCategory, [CheckCatalog.RuntimeClass], runtime, notifications: false);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// A fingerprint of what a finding is, not where its line is: rule, file, object and message. Stable across runs
    /// and across edits that move the object, so an upload through the API does not duplicate the alert.
    /// </summary>
    public static string Fingerprint(string ruleId, ObjectResult result, string message)
    {
        ArgumentNullException.ThrowIfNull(result);
        var identity = string.Join('\n', ruleId, ToUri(result.Source), result.Kind, result.Namespace, result.Name, message);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity)))[..32];
    }

    private static void WriteRun(Utf8JsonWriter w, CheckReport report, string toolVersion, string category, IReadOnlyList<CheckInfo> rules, List<(ObjectResult Object, ViolationResult Violation)> findings, bool notifications)
    {
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "palisade");
        w.WriteString("version", toolVersion);
        w.WriteString("semanticVersion", toolVersion);
        w.WriteString("informationUri", rules[0].Uri);
        w.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(w, rule);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartObject("automationDetails");
        w.WriteString("id", category);
        w.WriteEndObject();

        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", report.Errors.Count == 0);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var e in notifications ? report.Errors : [])
        {
            WriteNotification(w, e, "error");
        }

        foreach (var e in notifications ? report.Warnings : [])
        {
            WriteNotification(w, e, "warning");
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteStartArray("results");
        foreach (var (r, v) in findings)
        {
            var message = v.Check == Policy.RuntimePolicyEngine.RuntimeClassCheck
                ? $"{r.DisplayName}: {v.Message}"
                : $"{r.DisplayName} violates PodSecurity \"{r.Policy}\": {v.Reason} ({v.Message})";
            w.WriteStartObject();
            w.WriteString("ruleId", v.Check);
            if (ruleIndex.TryGetValue(v.Check, out var index))
            {
                w.WriteNumber("ruleIndex", index);
            }

            w.WriteString("level", "error");
            w.WriteStartObject("message");
            w.WriteString("text", message);
            w.WriteEndObject();
            w.WriteStartArray("locations");
            WriteLocation(w, r.Source, v.Position.IsKnown ? v.Position : r.Position);
            w.WriteEndArray();
            w.WriteStartObject("partialFingerprints");
            w.WriteString("palisadeFinding/v1", Fingerprint(v.Check, r, message));
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("kind", r.Kind);
            w.WriteString("namespace", r.Namespace);
            w.WriteString("name", r.Name);
            w.WriteString("policy", r.Policy.ToString());
            w.WriteEndObject();
            w.WriteEndObject();
        }

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
        w.WriteString("text", rule.Level == CheckCatalog.RuntimePolicyLevel ? $"Runtime policy: {rule.Title}." : $"Pod Security Standards, {rule.Level} level: {rule.Title}.");
        w.WriteEndObject();
        w.WriteStartObject("help");
        w.WriteString("text", rule.Help);
        w.WriteString("markdown", $"**{rule.Title}** ({rule.Level}). {rule.Help} See [{(rule.Level == CheckCatalog.RuntimePolicyLevel ? "RuntimeClass" : "Pod Security Standards")}]({rule.Uri}).");
        w.WriteEndObject();
        w.WriteString("helpUri", rule.Uri);
        w.WriteStartObject("defaultConfiguration");
        w.WriteString("level", "error");
        w.WriteEndObject();
        w.WriteStartObject("properties");
        w.WriteStartArray("tags");
        w.WriteStringValue("security");
        w.WriteStringValue("kubernetes");
        w.WriteStringValue(rule.Level == CheckCatalog.RuntimePolicyLevel ? "runtime-policy" : "pod-security-" + rule.Level);
        w.WriteEndArray();
        // GitHub code scanning's severity (0.0-10.0: 9+ critical, 7+ high, 4+ medium).
        w.WriteString("security-severity", rule.SecuritySeverity);
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

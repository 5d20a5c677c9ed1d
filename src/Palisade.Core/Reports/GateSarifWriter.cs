using System.Globalization;
using System.Text.Json;
using Palisade.Core.Cis;
using Palisade.Core.Gate;
using Palisade.Core.Scanning;

namespace Palisade.Core.Reports;

/// <summary>
/// <c>gate --format sarif</c>: SARIF 2.1.0 with one run per category (manifests, vulnerabilities, cis, canary), each
/// with its own <c>automationDetails.id</c> because code scanning rejects several runs of one tool and category.
/// Results carry <c>partialFingerprints</c> (trivy's <c>Fingerprint</c> when the report had one) and rules carry
/// <c>security-severity</c>. Suppressed, baselined and escalated findings keep a SARIF <c>suppressions</c> entry.
/// </summary>
public static class GateSarifWriter
{
    public static void Write(GateVerdict verdict, string toolVersion, Stream output)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        using var w = ReportJson.CreateWriter(output);
        w.WriteStartObject();
        w.WriteString("$schema", SarifWriter.SchemaUri);
        w.WriteString("version", "2.1.0");
        w.WriteStartArray("runs");
        foreach (var category in Enum.GetValues<GateCategory>())
        {
            WriteRun(w, category, verdict, toolVersion);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter w, GateCategory category, GateVerdict verdict, string toolVersion)
    {
        var findings = verdict.Findings.Where(f => f.Category == category).ToList();
        var rules = findings.GroupBy(f => f.RuleId, StringComparer.Ordinal).Select(g => (Id: g.Key, First: g.First(), Max: g.Max(f => Score(f)))).ToList();
        var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var name = GateNames.Category(category);
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "palisade-gate");
        w.WriteString("version", toolVersion);
        w.WriteString("semanticVersion", toolVersion);
        w.WriteString("informationUri", category == GateCategory.Cis ? CisCatalog.BenchmarkUri : CheckCatalog.StandardsUri);
        w.WriteStartArray("rules");
        foreach (var (id, first, max) in rules)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteStartObject("shortDescription");
            w.WriteString("text", RuleTitle(category, id, first));
            w.WriteEndObject();
            // Code scanning shows help under the alert: the rule, and what it means under runsc where that differs.
            w.WriteStartObject("help");
            w.WriteString("text", first.Runsc is null ? RuleTitle(category, id, first) : $"{RuleTitle(category, id, first)}. Under runsc: {first.Runsc}");
            w.WriteEndObject();
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", Level(first));
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("security-severity", max.ToString("0.0", CultureInfo.InvariantCulture));
            w.WriteStartArray("tags");
            w.WriteStringValue("security");
            w.WriteStringValue(name);
            w.WriteEndArray();
            if (first.Runsc is not null)
            {
                w.WriteString("runsc", first.Runsc);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("automationDetails");
        w.WriteString("id", $"palisade-gate/{name}/");
        w.WriteEndObject();
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", verdict.Problems.Count == 0);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var p in category == GateCategory.Manifests ? verdict.Problems : [])
        {
            w.WriteStartObject();
            w.WriteString("level", "error");
            w.WriteStartObject("message");
            w.WriteString("text", p.ToString());
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("results");
        foreach (var f in findings)
        {
            w.WriteStartObject();
            w.WriteString("ruleId", f.RuleId);
            w.WriteNumber("ruleIndex", ruleIndex[f.RuleId]);
            w.WriteString("level", f.Outcome == GateOutcome.Warn ? "note" : Level(f));
            w.WriteStartObject("message");
            w.WriteString("text", $"{f.Subject}: {f.Message}{(f.Note is null ? "" : $" [{f.Note}]")}");
            w.WriteEndObject();
            w.WriteStartArray("locations");
            w.WriteStartObject();
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            w.WriteString("uri", SarifWriter.ToUri(f.Source));
            w.WriteEndObject();
            w.WriteStartObject("region");
            // Findings on an image or a report have no line: they point at the start of their input.
            w.WriteNumber("startLine", f.Position.IsKnown ? f.Position.Line : 1);
            w.WriteNumber("startColumn", f.Position.IsKnown ? f.Position.Column : 1);

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteStartObject("partialFingerprints");
            w.WriteString("palisadeGate/v1", f.Fingerprint);
            w.WriteEndObject();
            if (f.Outcome is GateOutcome.Suppressed or GateOutcome.Baselined or GateOutcome.Escalated)
            {
                w.WriteStartArray("suppressions");
                w.WriteStartObject();
                w.WriteString("kind", "external");
                w.WriteString("justification", f.Note ?? GateNames.Outcome(f.Outcome));
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteStartObject("properties");
            w.WriteString("outcome", GateNames.Outcome(f.Outcome));
            w.WriteString("security-severity", Score(f).ToString("0.0", CultureInfo.InvariantCulture));
            if (f.Evidence.Count > 0)
            {
                w.WriteStartArray("evidence");
                foreach (var e in f.Evidence)
                {
                    w.WriteStringValue(e);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string RuleTitle(GateCategory category, string id, GateFinding first) => category switch
    {
        GateCategory.Cis => $"CIS Docker Benchmark v1.6.0 {id}: {CisCatalog.Get(id).Title}",
        GateCategory.Vulnerabilities when first.Vulnerability is { } v => $"{id} in {v.Package}{(v.Title is { Length: > 0 } t ? ": " + t : "")}",
        GateCategory.Canary => "The image must run in the hardened runtime as it does under runc",
        _ => CheckCatalog.Find(id)?.Title ?? id,
    };

    private static double Score(GateFinding f) => f.Score ?? SeverityNames.SecuritySeverity(f.Severity);

    private static string Level(GateFinding f) => f.Severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };
}

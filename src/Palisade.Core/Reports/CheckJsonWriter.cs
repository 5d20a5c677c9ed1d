using System.Text.Json;
using Palisade.Core.Checking;
using Palisade.Core.Manifests;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Reports;

/// <summary>
/// <c>check --format json</c>: the contract in architecture.md. Fields are only ever added, never renamed, so this is
/// written field by field rather than by serializing records whose shape might drift.
/// </summary>
public static class CheckJsonWriter
{
    public static void Write(CheckReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var w = ReportJson.CreateWriter(output);
        w.WriteStartObject();
        w.WriteStartArray("results");
        foreach (var r in report.Results)
        {
            WriteResult(w, r);
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteNumber("objects", report.Summary.Objects);
        w.WriteNumber("allowed", report.Summary.Allowed);
        w.WriteNumber("denied", report.Summary.Denied);
        w.WriteNumber("skipped", report.Summary.Skipped);
        w.WriteNumber("errors", report.Summary.Errors);
        w.WriteNumber("files", report.Summary.Files);
        w.WriteEndObject();
        w.WriteStartArray("skipped");
        foreach (var s in report.Skipped)
        {
            w.WriteStartObject();
            WriteOrigin(w, s.Source, s.Document, s.Item, s.Position);
            w.WriteString("kind", s.Kind);
            w.WriteString("name", s.Name);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteDiagnostics(w, "errors", report.Errors);
        WriteDiagnostics(w, "warnings", report.Warnings);
        w.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter w, ObjectResult r)
    {
        w.WriteStartObject();
        WriteOrigin(w, r.Source, r.Document, r.Item, r.Position);
        w.WriteString("kind", r.Kind);
        w.WriteString("namespace", r.Namespace);
        w.WriteString("name", r.Name);
        w.WriteString("level", LevelNames.Format(r.Policy.Level));
        w.WriteString("version", r.Policy.Version.ToString());
        w.WriteString("policySource", r.PolicySource);
        w.WriteBoolean("allowed", r.Allowed);
        w.WriteStartArray("violations");
        foreach (var v in r.Violations)
        {
            w.WriteStartObject();
            w.WriteString("check", v.Check);
            w.WriteString("reason", v.Reason);
            w.WriteString("message", v.Message);
            w.WriteNumber("line", v.Position.Line);
            w.WriteNumber("column", v.Position.Column);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (r.Denial is not null)
        {
            w.WriteString("denial", r.Denial);
        }

        if (r.Tier is not null)
        {
            w.WriteString("tier", r.Tier);
            w.WriteString("tierReason", r.TierReason);
            w.WriteString("runtimeClass", r.RuntimeClass);
            w.WritePropertyName("patch");
            w.WriteRawValue(Policy.JsonPatch.Serialize(r.Patch));
        }

        w.WriteEndObject();
    }

    private static void WriteOrigin(Utf8JsonWriter w, string source, int document, int? item, SourcePosition position)
    {
        w.WriteString("source", source);
        w.WriteNumber("document", document);
        if (item is { } i)
        {
            w.WriteNumber("item", i);
        }

        w.WriteNumber("line", position.Line);
        w.WriteNumber("column", position.Column);
    }

    private static void WriteDiagnostics(Utf8JsonWriter w, string name, IReadOnlyList<ManifestDiagnostic> diagnostics)
    {
        w.WriteStartArray(name);
        foreach (var d in diagnostics)
        {
            w.WriteStartObject();
            w.WriteString("source", d.Source);
            w.WriteNumber("line", d.Position.Line);
            w.WriteNumber("column", d.Position.Column);
            w.WriteString("message", d.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}

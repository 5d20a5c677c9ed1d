using System.Text.Json;
using Palisade.Core.Gate;
using Palisade.Core.Scanning;

namespace Palisade.Core.Reports;

/// <summary><c>gate --format json</c>: the contract in docs/gate.md. Fields are only added, never renamed.</summary>
public static class GateJsonWriter
{
    public static void Write(GateVerdict verdict, Stream output)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        using var w = ReportJson.CreateWriter(output);
        w.WriteStartObject();
        w.WriteString("verdict", verdict.Passed ? "pass" : "fail");
        w.WriteNumber("exitCode", verdict.ExitCode);
        w.WriteStartArray("reasons");
        foreach (var r in verdict.Reasons)
        {
            w.WriteStringValue(r);
        }

        w.WriteEndArray();
        var s = verdict.Summary;
        w.WriteStartObject("summary");
        w.WriteNumber("failed", s.Failed);
        w.WriteNumber("warnings", s.Warnings);
        w.WriteNumber("suppressed", s.Suppressed);
        w.WriteNumber("baselined", s.Baselined);
        w.WriteNumber("escalated", s.Escalated);
        w.WriteNumber("belowThreshold", s.BelowThreshold);
        w.WriteNumber("manifestObjects", s.Manifests);
        w.WriteNumber("reports", s.Reports);
        w.WriteNumber("images", s.Images);
        w.WriteEndObject();
        w.WriteStartArray("findings");
        foreach (var f in verdict.Findings)
        {
            WriteFinding(w, f);
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var n in verdict.Notes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        w.WriteStartArray("problems");
        foreach (var p in verdict.Problems)
        {
            w.WriteStartObject();
            w.WriteString("source", p.Source);
            w.WriteNumber("line", p.Line);
            w.WriteNumber("column", p.Column);
            w.WriteString("message", p.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter w, GateFinding f)
    {
        w.WriteStartObject();
        w.WriteString("category", GateNames.Category(f.Category));
        w.WriteString("rule", f.RuleId);
        w.WriteString("outcome", GateNames.Outcome(f.Outcome));
        w.WriteString("severity", SeverityNames.Format(f.Severity));
        w.WriteString("subject", f.Subject);
        w.WriteString("message", f.Message);
        w.WriteString("source", f.Source);
        w.WriteNumber("line", f.Position.Line);
        w.WriteNumber("column", f.Position.Column);
        w.WriteString("key", f.Key);
        w.WriteString("fingerprint", f.Fingerprint);
        if (f.Note is not null)
        {
            w.WriteString("note", f.Note);
        }

        if (f.Runsc is not null)
        {
            w.WriteString("runsc", f.Runsc);
        }

        if (f.Vulnerability is { } v)
        {
            w.WriteStartObject("vulnerability");
            w.WriteString("id", v.VulnerabilityId);
            w.WriteStartArray("aliases");
            foreach (var a in v.Aliases)
            {
                w.WriteStringValue(a);
            }

            w.WriteEndArray();
            w.WriteString("package", v.Package);
            w.WriteString("packageType", v.PackageType);
            w.WriteString("installedVersion", v.InstalledVersion);
            w.WriteString("fixedVersions", v.FixedVersions);
            w.WriteString("fixState", FixStates.Format(v.FixState));
            if (v.CvssScore is { } score)
            {
                w.WriteNumber("cvss", score);
            }

            w.WriteEndObject();
        }

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
    }
}

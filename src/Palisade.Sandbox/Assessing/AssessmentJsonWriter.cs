using System.Globalization;
using System.Text.Json;
using Palisade.Core.Assessment;
using Palisade.Core.Reports;
using Palisade.Core.Syscalls;
using Palisade.Sandbox.Profiling;

namespace Palisade.Sandbox.Assessing;

/// <summary>
/// The JSON of an assessment: <c>profile --format json</c> and <c>assess --format json</c> (the contract in
/// docs/architecture.md) and the report folder's <c>assessment.json</c>.
/// </summary>
public static class AssessmentJsonWriter
{
    /// <summary><c>profile</c> and <c>assess</c> output: the contract's fields, then <c>overhead</c> when measured.</summary>
    public static void Write(Assessment assessment, Stream output)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        using var w = ReportJson.CreateWriter(output);
        w.WriteStartObject();
        WriteBody(w, assessment);
        if (assessment.Overhead is { } overhead)
        {
            OverheadReport.Json(w, overhead);
        }

        w.WriteEndObject();
    }

    /// <summary><c>assessment.json</c>: when, the contract's fields, the seccomp proof and the overhead.</summary>
    public static void WriteReport(Assessment assessment, DateTimeOffset when, Stream output)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        using var w = ReportJson.CreateWriter(output);
        w.WriteStartObject();
        w.WriteString("generatedAt", when.ToString("O", CultureInfo.InvariantCulture));
        WriteBody(w, assessment);
        if (assessment.Seccomp is { } seccomp)
        {
            WriteSeccomp(w, seccomp);
        }

        if (assessment.Overhead is { } overhead)
        {
            OverheadReport.Json(w, overhead);
        }

        w.WriteEndObject();
    }

    private static void WriteBody(Utf8JsonWriter w, Assessment assessment)
    {
        var profile = assessment.Profile;
        w.WriteString("target", profile.Target);
        w.WriteStartArray("args");
        foreach (var a in profile.Args)
        {
            w.WriteStringValue(a);
        }

        w.WriteEndArray();
        w.WriteStartArray("runs");
        foreach (var run in profile.Runs)
        {
            WriteRun(w, run);
        }

        w.WriteEndArray();
        if (profile.Compatibility is { } c)
        {
            WriteCompatibility(w, profile, c);
        }

        if (assessment.Recommendation is { } recommendation)
        {
            w.WriteStartObject("recommendation");
            w.WriteString("runtime", recommendation.Runtime.Name());
            w.WriteString("trust", assessment.Trust.Name());
            w.WriteStartArray("reasons");
            foreach (var reason in recommendation.Reasons)
            {
                w.WriteStringValue(reason);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        if (assessment.Blocker is { } blocker)
        {
            w.WriteStartObject("failure");
            w.WriteString("kind", blocker.Kind == RunBlockerKind.RuncRefused ? "runcRefused" : "timedOutEverywhere");
            w.WriteString("blame", blocker.Blame == BlockerBlame.Input ? "input" : "environment");
            w.WriteString("message", blocker.Message);
            w.WriteEndObject();
        }
    }

    private static void WriteCompatibility(Utf8JsonWriter w, WorkloadProfile profile, CompatibilityReport c)
    {
        w.WriteStartObject("compatibility");
        w.WriteString("runtime", c.Runtime);
        w.WriteString("runscVersion", profile.RunscVersion);
        w.WriteBoolean("compatible", c.Compatible);
        w.WriteString("reason", c.Reason);
        WriteFindings(w, "unsupported", c.Unsupported);
        WriteFindings(w, "partial", c.Partial);
        if (profile.SameOutput is { } same)
        {
            w.WriteBoolean("sameOutput", same);
        }

        w.WriteStartArray("failsOnlyUnderRunsc");
        foreach (var d in profile.FailsOnlyUnderRunsc)
        {
            w.WriteStartObject();
            w.WriteString("name", d.Name);
            w.WriteString("errno", d.Errno);
            w.WriteNumber("count", d.Count);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("unknown");
        foreach (var name in c.UnknownSyscalls)
        {
            w.WriteStringValue(name);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSeccomp(Utf8JsonWriter w, SeccompOutcome seccomp)
    {
        w.WriteStartObject("seccomp");
        w.WriteString("file", "seccomp.json");
        w.WriteNumber("allowed", seccomp.Allowed);
        w.WriteString("defaultAction", seccomp.Profile.DefaultAction);
        w.WriteString("comparedWithDocker", SeccompOutcome.DockerDefault);
        w.WriteStartArray("verified");
        foreach (var p in seccomp.Proof)
        {
            w.WriteStartObject();
            w.WriteString("runtime", WorkloadProfiler.Name(p.Runtime));
            w.WriteBoolean("sameBehaviour", p.SameBehaviour);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteRun(Utf8JsonWriter w, ProfiledRun run)
    {
        var r = run.Run;
        w.WriteStartObject();
        w.WriteString("runtime", WorkloadProfiler.Name(r.Runtime));
        w.WriteString("platform", r.Platform);
        if (r.ExitCode is { } code)
        {
            w.WriteNumber("exitCode", code);
        }
        else
        {
            w.WriteNull("exitCode");
        }

        w.WriteBoolean("timedOut", r.TimedOut);
        w.WriteNumber("durationMs", Math.Round(r.WallTime.TotalMilliseconds, 1));
        if (r.PeakMemoryBytes is { } peak)
        {
            w.WriteNumber("peakMemoryBytes", peak);
        }

        w.WriteString("stdout", r.Stdout);
        w.WriteString("stderr", r.Stderr);
        w.WriteBoolean("outputTruncated", r.OutputTruncated);
        w.WriteStartArray("syscalls");
        foreach (var s in run.Trace?.Syscalls ?? [])
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteNumber("count", s.Count);
            w.WriteStartObject("errors");
            foreach (var (errno, count) in s.Errors.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(errno, count);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteFindings(Utf8JsonWriter w, string name, IReadOnlyList<CompatibilityFinding> findings)
    {
        w.WriteStartArray(name);
        foreach (var f in findings)
        {
            w.WriteStartObject();
            w.WriteString("name", f.Name);
            w.WriteString("support", f.Support);
            w.WriteString("note", f.Note);
            w.WriteNumber("seen", f.Seen);
            w.WriteString("impact", f.Impact);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}

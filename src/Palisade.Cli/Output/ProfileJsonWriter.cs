using System.Globalization;
using System.Text.Json;
using Palisade.Core.Assessment;
using Palisade.Core.Syscalls;
using Palisade.Sandbox.Profiling;

namespace Palisade.Cli.Output;

/// <summary><c>profile --format json</c> (and the core of <c>assessment.json</c>): the contract in architecture.md.</summary>
internal static class ProfileJsonWriter
{
    /// <param name="extra">Writes more top-level properties after the contract's ones (assess adds <c>overhead</c>).</param>
    public static void Write(WorkloadProfile profile, RuntimeRecommendation? recommendation, Stream output, Action<Utf8JsonWriter>? extra = null)
    {
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        WriteBody(w, profile, recommendation);
        extra?.Invoke(w);
        w.WriteEndObject();
    }

    public static void WriteBody(Utf8JsonWriter w, WorkloadProfile profile, RuntimeRecommendation? recommendation)
    {
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
            w.WriteStartObject("compatibility");
            w.WriteString("runtime", c.Runtime);
            w.WriteString("runscVersion", profile.RunscVersion);
            w.WriteBoolean("compatible", c.Compatible);
            w.WriteString("reason", c.Reason);
            WriteFindings(w, "unsupported", c.Unsupported);
            WriteFindings(w, "partial", c.Partial);
            if (SameOutput(profile) is { } same)
            {
                w.WriteBoolean("sameOutput", same);
            }

            w.WriteStartArray("failsOnlyUnderRunsc");
            foreach (var d in Divergent(profile))
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

        if (recommendation is not null)
        {
            w.WriteStartObject("recommendation");
            w.WriteString("runtime", recommendation.Runtime);
            w.WriteStartArray("reasons");
            foreach (var reason in recommendation.Reasons)
            {
                w.WriteStringValue(reason);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }
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

    /// <summary>Whether runc and runsc printed the same standard output; null unless both ran.</summary>
    public static bool? SameOutput(WorkloadProfile profile)
    {
        var runsc = profile.Runs.FirstOrDefault(r => r.Run.Runtime == Palisade.Sandbox.Runtimes.RuntimeKind.Runsc)?.Run;
        var runc = profile.Runs.FirstOrDefault(r => r.Run.Runtime == Palisade.Sandbox.Runtimes.RuntimeKind.Runc)?.Run;
        return runsc is null || runc is null ? null : string.Equals(runsc.Stdout, runc.Stdout, StringComparison.Ordinal);
    }

    /// <summary>Syscall failures seen under runsc but not under runc (empty when either trace is missing).</summary>
    public static IReadOnlyList<DivergentFailure> Divergent(WorkloadProfile profile)
    {
        var runsc = profile.Runs.FirstOrDefault(r => r.Run.Runtime == Palisade.Sandbox.Runtimes.RuntimeKind.Runsc)?.Trace;
        var runc = profile.Runs.FirstOrDefault(r => r.Run.Runtime == Palisade.Sandbox.Runtimes.RuntimeKind.Runc)?.Trace;
        return runsc is null || runc is null ? [] : TraceComparison.FailuresOnlyIn(runsc, runc);
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

    public static string Describe(WorkloadProfile profile, RuntimeRecommendation? recommendation)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        text.WriteLine($"Target: {profile.Target} ({string.Join(' ', profile.Args)})");
        foreach (var run in profile.Runs)
        {
            var r = run.Run;
            var exit = r.TimedOut ? "timed out" : $"exit {r.ExitCode}";
            var distinct = run.Trace?.Syscalls.Count ?? 0;
            var calls = run.Trace?.TotalCalls ?? 0;
            var platform = r.Platform is null ? "" : $" ({r.Platform})";
            text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {WorkloadProfiler.Name(r.Runtime) + platform,-16} {exit,-10} {r.WallTime.TotalMilliseconds,8:F0} ms  {calls,7:N0} syscalls, {distinct} distinct"));
        }

        if (profile.Compatibility is { } c)
        {
            text.WriteLine();
            text.WriteLine($"gVisor {profile.RunscVersion}: {(c.Compatible ? "compatible" : "NOT compatible")}: {c.Reason}");
            foreach (var f in c.Unsupported.Concat(c.Partial))
            {
                text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {f.Impact,-8}  {f.Name,-16} {f.Support,-13} seen {f.Seen}  {f.Note}"));
            }

            if (SameOutput(profile) == false)
            {
                text.WriteLine("Standard output differs between runc and runsc (see the runs' stdout in --format json).");
            }

            var divergent = Divergent(profile);
            if (divergent.Count > 0)
            {
                text.WriteLine("Failing only under runsc: " + string.Join(", ", divergent.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Name} {d.Errno} x{d.Count}"))));
            }
        }

        if (recommendation is not null)
        {
            text.WriteLine();
            text.WriteLine($"Recommendation: {recommendation.Runtime}");
            foreach (var reason in recommendation.Reasons)
            {
                text.WriteLine($"  - {reason}");
            }
        }

        return text.ToString();
    }
}

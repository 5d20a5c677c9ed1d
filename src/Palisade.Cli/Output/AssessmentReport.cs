using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Palisade.Core.Assessment;
using Palisade.Sandbox.Profiling;

namespace Palisade.Cli.Output;

/// <summary>
/// The report folder of <c>assess</c>: <c>assessment.json</c>, a self-contained <c>report.html</c> (verdict first,
/// then the evidence), and ready-to-apply <c>runtimeclass.yaml</c> and <c>pod-patch.yaml</c>.
/// </summary>
internal static class AssessmentReport
{
    public static readonly string[] Files =
        ["assessment.json", "report.html", "runtimeclass.yaml", "pod-patch.yaml", "seccomp.json", "seccomp-pod-patch.yaml", "seccomp-profile.yaml"];

    /// <summary>The profile generated from the recording, and its proof by running under each runtime.</summary>
    internal sealed record SeccompOutcome(Palisade.Core.Seccomp.SeccompProfile Profile, int Allowed, IReadOnlyList<Palisade.Sandbox.Seccomp.SeccompVerification> Proof)
    {
        /// <summary>Docker's documentation says its default profile blocks "around 44 of 300+" syscalls.</summary>
        public const string DockerDefault = "Docker's default profile blocks only around 44 of 300+ syscalls (Docker documentation)";
    }

    /// <summary>Refuses a folder holding anything Palisade did not write there, unless forced.</summary>
    public static void EnsureWritable(string folder, bool force)
    {
        if (File.Exists(folder))
        {
            throw new UsageException($"{folder}: is a file; --out needs a folder");
        }

        if (!Directory.Exists(folder) || force)
        {
            return;
        }

        var foreign = Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Where(n => !Files.Contains(n)).ToList();
        if (foreign.Count > 0)
        {
            throw new UsageException($"{folder}: holds files Palisade did not write ({string.Join(", ", foreign.Take(3))}); choose another --out or use --force");
        }
    }

    public static void Write(string folder, WorkloadProfile profile, RuntimeRecommendation recommendation, SeccompOutcome seccomp, OverheadEstimate? overhead, DateTimeOffset when)
    {
        Directory.CreateDirectory(folder);
        ReportSink.WriteFileAtomically(Path.Combine(folder, "assessment.json"), s => WriteJson(s, profile, recommendation, seccomp, overhead, when));
        ReportSink.WriteFileAtomically(Path.Combine(folder, "report.html"), s => WriteText(s, Html(profile, recommendation, seccomp, overhead, when)));
        ReportSink.WriteFileAtomically(Path.Combine(folder, "seccomp.json"), s => WriteText(s, Palisade.Core.Seccomp.SeccompProfileWriter.Write(seccomp.Profile)));
        ReportSink.WriteFileAtomically(Path.Combine(folder, "seccomp-pod-patch.yaml"), s => WriteText(s, Palisade.Core.Seccomp.SeccompKubernetes.PodPatch("workload")));
        ReportSink.WriteFileAtomically(Path.Combine(folder, "seccomp-profile.yaml"), s => WriteText(s, Palisade.Core.Seccomp.SeccompKubernetes.SecurityProfilesOperatorObject(seccomp.Profile, "workload", "default")));
        ReportSink.WriteFileAtomically(Path.Combine(folder, "runtimeclass.yaml"), s => WriteText(s, RuntimeClass(recommendation.Runtime)));
        ReportSink.WriteFileAtomically(Path.Combine(folder, "pod-patch.yaml"), s => WriteText(s, PodPatch(recommendation.Runtime)));
    }

    private static void WriteJson(Stream s, WorkloadProfile profile, RuntimeRecommendation recommendation, SeccompOutcome seccomp, OverheadEstimate? overhead, DateTimeOffset when)
    {
        using var w = new Utf8JsonWriter(s, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("generatedAt", when.ToString("O", CultureInfo.InvariantCulture));
        ProfileJsonWriter.WriteBody(w, profile, recommendation);
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
        if (overhead is not null)
        {
            OverheadReport.Json(w, overhead);
        }

        w.WriteEndObject();
    }

    public static string RuntimeClass(string runtime) => runtime switch
    {
        "gvisor" => """
            # RuntimeClass for gVisor. Nodes need runsc registered in containerd as handler "runsc"
            # ([plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc] runtime_type = "io.containerd.runsc.v1").
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata:
              name: gvisor
            handler: runsc
            overhead:
              podFixed:
                # palisade bench measures the sandbox's own memory (sentry, gofer, stubs; PSS) at about 23 MiB for an
                # idle workload on one host; 64Mi leaves room for the sentry's caches and buffers. Measure yours with
                # `palisade bench --benchmark memory` and adjust.
                memory: 64Mi
                cpu: 50m
            """,
        "kata" => """
            # RuntimeClass for Kata Containers (QEMU). Overhead: kata-deploy's documented default for qemu, not measured
            # here (this host has no KVM, so Kata cannot run on it).
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata:
              name: kata
            handler: kata
            overhead:
              podFixed:
                memory: 320Mi
                cpu: 250m
            scheduling:
              nodeSelector:
                katacontainers.io/kata-runtime: "true"
            """,
        _ => """
            # The workload was declared trusted: it runs on the cluster's default runtime (runc); no RuntimeClass is needed.
            """,
    };

    public static string PodPatch(string runtime) => runtime == "runc"
        ? "# Trusted workload: no patch needed (runtimeClassName stays unset).\n"
        : $"""
            # Strategic-merge patch for a Deployment, StatefulSet, DaemonSet or Job, e.g.:
            #   kubectl patch deployment NAME --patch-file pod-patch.yaml
            # (for a bare Pod, set spec.runtimeClassName: {runtime} in its manifest).
            spec:
              template:
                spec:
                  runtimeClassName: {runtime}
            """;

    private static string Html(WorkloadProfile profile, RuntimeRecommendation recommendation, SeccompOutcome seccomp, OverheadEstimate? overhead, DateTimeOffset when)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        var verdictClass = recommendation.Runtime == "kata" ? "bad" : "good";
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Palisade assessment: {{E(profile.Target)}}</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; }
            h1 { font-size: 1.4rem; } .verdict { padding: 1rem 1.5rem; border-radius: 8px; margin: 1rem 0; }
            .good { background: #e7f6ea; border: 1px solid #7cc38a; } .bad { background: #fdecea; border: 1px solid #e48a80; }
            .verdict strong { font-size: 1.3rem; } table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
            th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
            th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            code, pre { font-family: ui-monospace, monospace; font-size: 13px; } pre { background: #f6f6f6; padding: .6rem; overflow-x: auto; }
            .fatal { color: #b3261e; font-weight: 600; } .muted { color: #777; }
            </style></head><body>
            <h1>Palisade assessment of <code>{{E(profile.Target)}}</code></h1>
            <div class="verdict {{verdictClass}}"><strong>Run it with {{E(recommendation.Runtime)}}</strong><ul>
            """);
        foreach (var reason in recommendation.Reasons)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(reason)}</li>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</ul></div>\n<p class=\"muted\">Generated {E(when.ToString("u", CultureInfo.InvariantCulture))}; command <code>{E(string.Join(' ', profile.Args))}</code>.</p>\n");
        html.Append("<h2>Runs</h2><table><tr><th>Runtime</th><th>Exit</th><th>Wall time</th><th>Peak memory</th><th>Syscalls</th><th>Distinct</th></tr>\n");
        foreach (var run in profile.Runs)
        {
            var r = run.Run;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(WorkloadProfiler.Name(r.Runtime))}{(r.Platform is null ? "" : $" ({E(r.Platform)})")}</td><td>{(r.TimedOut ? "timed out" : r.ExitCode?.ToString(CultureInfo.InvariantCulture))}</td><td class=\"num\">{r.WallTime.TotalMilliseconds:F0} ms</td><td class=\"num\">{(r.PeakMemoryBytes is { } p ? $"{p / 1048576.0:F1} MiB" : "n/a")}</td><td class=\"num\">{run.Trace?.TotalCalls ?? 0:N0}</td><td class=\"num\">{run.Trace?.Syscalls.Count ?? 0}</td></tr>\n");
        }

        html.Append("</table>\n");
        if (overhead is not null)
        {
            html.Append(OverheadReport.Html(overhead));
        }

        if (profile.Compatibility is { } c)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>gVisor {E(profile.RunscVersion)} compatibility: {(c.Compatible ? "compatible" : "not compatible")}</h2><p>{E(c.Reason)}</p>\n");
            html.Append("<table><tr><th>Syscall</th><th>gVisor support</th><th>Seen</th><th>Impact</th><th>gVisor's note</th></tr>\n");
            foreach (var f in c.Unsupported.Concat(c.Partial))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(f.Name)}</code></td><td>{E(f.Support)}</td><td class=\"num\">{f.Seen}</td><td class=\"{(f.Impact == "fatal" ? "fatal" : "")}\">{E(f.Impact)}</td><td>{E(f.Note)}</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>Syscalls per runtime</h2><table><tr><th>Syscall</th>");
        foreach (var run in profile.Runs)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(WorkloadProfiler.Name(run.Run.Runtime))}</th>");
        }

        html.Append("</tr>\n");
        var names = profile.Runs.SelectMany(r => r.Trace?.Syscalls ?? []).Select(s => s.Name).Distinct().Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(name)}</code></td>");
            foreach (var run in profile.Runs)
            {
                var stat = run.Trace?.Find(name);
                var errors = stat is null || stat.Errors.Count == 0 ? "" : " <span class=\"muted\">(" + E(string.Join(", ", stat.Errors.Select(e => $"{e.Key} ×{e.Value}"))) + ")</span>";
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"num\">{stat?.Count.ToString(CultureInfo.InvariantCulture) ?? "–"}{errors}</td>");
            }

            html.Append("</tr>\n");
        }

        var proof = string.Join("; ", seccomp.Proof.Select(p => $"{WorkloadProfiler.Name(p.Runtime)}: {(p.SameBehaviour ? "same behaviour" : "DIFFERENT behaviour")}"));
        html.Append(CultureInfo.InvariantCulture, $"</table>\n<h2>Seccomp profile</h2><p><code>seccomp.json</code> allows {seccomp.Allowed} syscalls and gives everything else {E(seccomp.Profile.DefaultAction)}; {E(SeccompOutcome.DockerDefault)}. Proven by running with and without it: {E(proof)}.</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h2>Apply it</h2><pre>{E(RuntimeClass(recommendation.Runtime))}</pre><pre>{E(PodPatch(recommendation.Runtime))}</pre>\n</body></html>\n");
        return html.ToString();
    }

    private static void WriteText(Stream s, string text)
    {
        var bytes = new UTF8Encoding(false).GetBytes(text.TrimEnd('\n') + "\n");
        s.Write(bytes);
    }
}

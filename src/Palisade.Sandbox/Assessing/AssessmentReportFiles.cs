using System.Globalization;
using System.Net;
using System.Text;
using Palisade.Core.Assessment;
using Palisade.Core.Node;
using Palisade.Core.Seccomp;
using Palisade.Core.Syscalls;
using Palisade.Sandbox.Profiling;

namespace Palisade.Sandbox.Assessing;

/// <summary>One file of the report folder: its name and its text.</summary>
public sealed record ReportFile(string Name, string Content);

/// <summary>
/// The report folder of an assessment: <c>assessment.json</c>, a self-contained <c>report.html</c> (verdict first,
/// then the evidence), ready-to-apply <c>runtimeclass.yaml</c> and <c>pod-patch.yaml</c>, and the seccomp profile
/// with its pod patch and Security Profiles Operator object. Rendered here, written by the caller.
/// </summary>
public static class AssessmentReportFiles
{
    /// <summary>The name the seccomp profile goes by on the node and in the Security Profiles Operator object.</summary>
    private const string SeccompProfileName = "workload";

    /// <summary>Every name <see cref="Render"/> can produce.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["assessment.json", "report.html", "runtimeclass.yaml", "pod-patch.yaml", "seccomp.json", "seccomp-pod-patch.yaml", "seccomp-profile.yaml"];

    /// <summary>The files of a finished assessment (one with a recommendation and a seccomp outcome).</summary>
    public static IReadOnlyList<ReportFile> Render(Assessment assessment, DateTimeOffset when, RunscShim hostShim)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var recommendation = assessment.Recommendation ?? throw new ArgumentException("an assessment without a recommendation has no report folder", nameof(assessment));
        var seccomp = assessment.Seccomp ?? throw new ArgumentException("the report folder needs the seccomp outcome", nameof(assessment));
        using var json = new MemoryStream();
        AssessmentJsonWriter.WriteReport(assessment, when, json);
        // Rendered once: the files and the page's "Apply it" show the same text.
        var apply = new ApplyIt(RuntimeClass(recommendation.Runtime, hostShim), PodPatch(recommendation.Runtime), SeccompKubernetes.PodPatch(SeccompProfileName));
        return
        [
            new("assessment.json", Encoding.UTF8.GetString(json.ToArray())),
            new("report.html", Html(assessment.Profile, recommendation, seccomp, assessment.Overhead, when, apply)),
            new("seccomp.json", SeccompProfileWriter.Write(seccomp.Profile)),
            new("seccomp-pod-patch.yaml", apply.SeccompPatch),
            new("seccomp-profile.yaml", SeccompKubernetes.SecurityProfilesOperatorObject(seccomp.Profile, SeccompProfileName, "default")),
            new("runtimeclass.yaml", apply.RuntimeClass),
            new("pod-patch.yaml", apply.PodPatch),
        ];
    }

    /// <summary>
    /// The RuntimeClass to apply, as <c>palisade node config runtimeclass</c> writes it (same overhead figures), with
    /// a comment naming the node set-up <paramref name="hostShim"/> calls for, the shim <c>node doctor</c> finds here.
    /// </summary>
    public static string RuntimeClass(RecommendedRuntime runtime, RunscShim hostShim) => runtime switch
    {
        RecommendedRuntime.Gvisor => (hostShim == RunscShim.Runsc
            ? """
              # RuntimeClass for gVisor. Nodes need runsc registered in containerd as handler "runsc" through gVisor's
              # shim (containerd-shim-runsc-v1, found on this host): palisade node config containerd --runtime runsc
              """
            : """
              # RuntimeClass for gVisor. Nodes need runsc registered in containerd as handler "runsc". This host has no
              # containerd-shim-runsc-v1 (palisade node doctor says so), so runsc runs behind containerd's runc shim:
              # palisade node config runsc --runsc-shim runc --install, then palisade node config containerd --runtime runsc
              """) + Generated(NodeRuntime.Runsc),
        RecommendedRuntime.Kata => """
            # RuntimeClass for Kata Containers (QEMU). Its overhead is kata-deploy's documented default, not measured
            # here (this host has no KVM, so Kata cannot run on it).
            """ + Generated(NodeRuntime.Kata),
        _ => """
            # The workload was declared trusted: it runs on the cluster's default runtime (runc); no RuntimeClass is needed.
            """,
    };

    private static string Generated(NodeRuntime runtime) =>
        "\n" + RuntimeClassGenerator.ToYaml(RuntimeClassGenerator.Generate(new NodeConfigOptions { Runtimes = [runtime] }, new RuntimeClassOptions()));

    public static string PodPatch(RecommendedRuntime runtime) => runtime == RecommendedRuntime.Runc
        ? "# Trusted workload: no patch needed (runtimeClassName stays unset).\n"
        : $"""
            # Strategic-merge patch for a Deployment, StatefulSet, DaemonSet or Job, e.g.:
            #   kubectl patch deployment NAME --patch-file pod-patch.yaml
            # (for a bare Pod, set spec.runtimeClassName: {runtime.Name()} in its manifest).
            spec:
              template:
                spec:
                  runtimeClassName: {runtime.Name()}
            """;

    private static string Html(WorkloadProfile profile, RuntimeRecommendation recommendation, SeccompOutcome seccomp, OverheadEstimate? overhead, DateTimeOffset when, ApplyIt apply)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        var kata = recommendation.Runtime == RecommendedRuntime.Kata;
        var kataNotHere = kata && recommendation.Reasons.Contains(RuntimeRecommender.KataNotRunnableHere);
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Palisade assessment: {{E(profile.Target)}}</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; overflow-wrap: break-word; }
            h1 { font-size: 1.4rem; } .verdict { padding: 1rem 1.5rem; border-radius: 8px; margin: 1rem 0; }
            .good { background: #e7f6ea; border: 1px solid #7cc38a; } .bad { background: #fdecea; border: 1px solid #e48a80; }
            .notice { background: #fff4e0; border: 1px solid #e0a84a; }
            .verdict strong { font-size: 1.3rem; } .scroll { overflow-x: auto; margin: .5rem 0 1.5rem; } table { border-collapse: collapse; width: 100%; }
            th, td { text-align: left; padding: .3rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
            th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            code, pre { font-family: ui-monospace, monospace; font-size: 13px; } pre { background: #f6f6f6; padding: .6rem; overflow-x: auto; }
            .fatal { color: #b3261e; font-weight: 600; } .muted { color: #777; }
            </style></head><body>
            <h1>Palisade assessment of <code>{{E(profile.Target)}}</code></h1>

            """);
        if (kataNotHere)
        {
            // Read before the verdict: the recommended runtime cannot be tried on the machine that recommended it.
            html.Append(CultureInfo.InvariantCulture, $"<div class=\"verdict notice\"><strong>Kata cannot run here</strong><p>{E(RuntimeRecommender.KataNotRunnableHere)}.</p></div>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<div class=\"verdict {(kata ? "bad" : "good")}\"><strong>Run it with {E(recommendation.Runtime.Name())}</strong><ul>");
        foreach (var reason in recommendation.Reasons.Where(r => !kataNotHere || r != RuntimeRecommender.KataNotRunnableHere))
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(reason)}</li>");
        }

        html.Append(CultureInfo.InvariantCulture, $"</ul></div>\n<p class=\"muted\">Generated {E(when.ToString("u", CultureInfo.InvariantCulture))}; command <code>{E(string.Join(' ', profile.Args))}</code>.</p>\n");
        html.Append("<h2>Runs</h2><p>Each runtime ran the workload once with syscall capture (<code>strace -f</code> under runc, runsc's own <code>--strace</code> under gVisor). ")
            .Append("Capture slows each runtime by a different amount, so these wall times show what happened, not what the sandbox costs: ")
            .Append(overhead is null ? "the overhead is measured only on runs without capture." : "the Overhead section below times separate runs without capture.")
            .Append("</p>\n<div class=\"scroll\"><table><tr><th>Runtime</th><th>Exit</th><th>Wall time</th><th>Peak memory</th><th>Syscalls</th><th>Distinct</th></tr>\n");
        foreach (var run in profile.Runs)
        {
            var r = run.Run;
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{E(WorkloadProfiler.Name(r.Runtime))}{(r.Platform is null ? "" : $" ({E(r.Platform)})")}</td><td>{(r.TimedOut ? "timed out" : r.ExitCode?.ToString(CultureInfo.InvariantCulture))}</td><td class=\"num\">{r.WallTime.TotalMilliseconds:F0} ms</td><td class=\"num\">{(r.PeakMemoryBytes is { } p ? $"{p / 1048576.0:F1} MiB" : "n/a")}</td><td class=\"num\">{run.Trace?.TotalCalls ?? 0:N0}</td><td class=\"num\">{run.Trace?.Syscalls.Count ?? 0}</td></tr>\n");
        }

        html.Append("</table></div>\n");
        if (overhead is not null)
        {
            html.Append(OverheadReport.Html(overhead));
        }
        else
        {
            html.Append("<h2>Overhead</h2><p>Not measured: the workload did not succeed under both runc and runsc, so there is no runsc/runc wall-time ratio to show")
                .Append(kataNotHere ? "; and Kata, the recommendation, cannot be measured here (this host has no KVM or no Kata runtime).</p>\n" : ".</p>\n");
        }

        if (profile.Compatibility is { } c)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>gVisor {E(profile.RunscVersion)} compatibility: {(c.Compatible ? "compatible" : "not compatible")}</h2><p>{E(c.Reason)}</p>\n");
            html.Append("<div class=\"scroll\"><table><tr><th>Syscall</th><th>gVisor support</th><th>Seen</th><th>Impact</th><th>gVisor's note</th></tr>\n");
            foreach (var f in c.Unsupported.Concat(c.Partial))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(f.Name)}</code></td><td>{E(f.Support)}</td><td class=\"num\">{f.Seen}</td><td class=\"{(f.Impact == CompatibilityAnalyzer.ImpactFatal ? "fatal" : "")}\">{E(f.Impact)}</td><td>{E(f.Note)}</td></tr>\n");
            }

            html.Append("</table></div>\n");
        }

        html.Append("<h2>Syscalls per runtime</h2><div class=\"scroll\"><table><tr><th>Syscall</th>");
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
        html.Append(CultureInfo.InvariantCulture, $"</table></div>\n<h2>Seccomp profile</h2><p><code>seccomp.json</code> allows {seccomp.Allowed} syscalls and gives everything else {E(seccomp.Profile.DefaultAction)}; {E(SeccompOutcome.DockerDefault)}. Proven by running with and without it: {E(proof)}.</p>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h2>Apply it</h2><p>The runtime (<code>runtimeclass.yaml</code>, <code>pod-patch.yaml</code>):</p><pre>{E(apply.RuntimeClass)}</pre><pre>{E(apply.PodPatch)}</pre>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>The seccomp profile (<code>seccomp-pod-patch.yaml</code>; <code>seccomp-profile.yaml</code> installs it with the Security Profiles Operator instead):</p><pre>{E(apply.SeccompPatch)}</pre>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>What the report tells the reader to apply: the RuntimeClass, the workload's patch and the seccomp patch.</summary>
    private sealed record ApplyIt(string RuntimeClass, string PodPatch, string SeccompPatch);
}

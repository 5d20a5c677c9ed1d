using System.CommandLine;
using Palisade.Cli.Output;
using Palisade.Core.Assessment;
using Palisade.Sandbox.Assessing;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Profiling;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade assess [TARGET]</c>, the main job: profile under runc and runsc, check compatibility, recommend a
/// runtime and write the report folder. With no TARGET it assesses a built-in sample built locally.
/// </summary>
internal static class AssessCommand
{
    public const string Examples = """
        With no TARGET, assesses a built-in "untrusted data-processing" sample (a static C program that aggregates a
        CSV file, on busybox-static), built locally as an OCI image layout; --sample incompatible assesses one that
        needs userfaultfd, which gVisor lacks. runsc, runc and strace are installed from Debian packages when missing
        and running as root; otherwise the exact command is printed (exit 3).

        Report folder (--out, default palisade-report/): report.html, assessment.json, runtimeclass.yaml, pod-patch.yaml, seccomp.json, seccomp-pod-patch.yaml, seccomp-profile.yaml.

        Exit codes: 0 the workload can run sandboxed as recommended, 1 it needs Kata (gVisor lacks what it uses),
        2 bad input (also when runc itself refuses the container, or the workload times out under both runtimes:
        nothing is blamed on gVisor and no report folder is written), 3 environment problem.

        Examples:
          palisade assess
          palisade assess --sample incompatible
          palisade assess ./vendor-image.tar --image vendor/agent:7 --out reports/agent
          palisade assess --trust trusted -- /usr/local/bin/tool --version
        """;

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var target = new Argument<string[]>("TARGET") { Description = "Image layout, archive, bundle, or -- COMMAND ARGS (default: the built-in sample).", Arity = ArgumentArity.ZeroOrMore };
        var sample = new Option<string>("--sample") { Description = "Built-in sample when no TARGET: data-processing or incompatible.", DefaultValueFactory = _ => "data-processing" };
        sample.AcceptOnlyFromAmong("data-processing", "incompatible");
        var image = new Option<string?>("--image") { Description = "Which image of a multi-image archive or layout." };
        var trust = new Option<string>("--trust") { Description = "untrusted (default) or trusted; only a trusted workload may be recommended runc.", DefaultValueFactory = _ => "untrusted" };
        trust.AcceptOnlyFromAmong("untrusted", "trusted");
        var timeout = new Option<double>("--timeout") { Description = "Seconds each run may take.", DefaultValueFactory = _ => 60 };
        var outDir = new Option<string>("--out") { Description = "Report folder.", DefaultValueFactory = _ => "palisade-report" };
        var common = new CommonOptions("text", "json");
        var command = new Command("assess", "The main job: run a workload under runc and gVisor, check compatibility, recommend a runtime, and write a report with ready-to-apply manifests.")
        {
            target, sample, image, trust, timeout, outDir,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var folder = parse.GetValue(outDir)!;
            ReportFolder.EnsureWritable(folder, parse.GetValue(common.Force));
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), []);
            var seconds = WorkloadArguments.Timeout(parse.GetValue(timeout));

            var (spec, display) = (parse.GetValue(target) ?? []).Length == 0 && !WorkloadArguments.HasDoubleDash(parse)
                ? await WorkloadAssessor.SampleTargetAsync(parse.GetValue(sample) == "incompatible" ? SampleImage.Incompatible : SampleImage.DataProcessing, cancel).ConfigureAwait(false)
                : (WorkloadArguments.Target(parse, target, parse.GetValue(image)), null);
            var trustLevel = TrustLevelNames.TryParse(parse.GetValue(trust), out var parsed) ? parsed : throw new UsageException("--trust: untrusted or trusted");
            var request = new AssessmentRequest
            {
                Target = spec,
                DisplayName = display,
                Timeout = seconds,
                Trust = trustLevel,
                InstallMissingRuntimes = true,
                MeasureOverhead = true,
                ProveSeccomp = true,
            };
            var assessment = await WorkloadArguments.AssessAsync(console, parse, "assess", request, cancel).ConfigureAwait(false);

            var suffix = "";
            if (assessment.Blocker is null)
            {
                ReportFolder.Write(folder, AssessmentReportFiles.Render(assessment, time.GetUtcNow(), RuntimeProbe.HostRunscShim()));
                suffix = Summary(assessment, folder);
            }

            await WorkloadArguments.WriteAsync(assessment, parse.GetValue(common.Format)!, output, console, suffix).ConfigureAwait(false);
            return WorkloadArguments.ExitCode(assessment, byRecommendation: true);
        });
        return command;
    }

    private static string Summary(Assessment assessment, string folder)
    {
        var seccomp = assessment.Seccomp!;
        var proven = string.Join(", ", seccomp.Proof.Select(p => $"{WorkloadProfiler.Name(p.Runtime)} {(p.SameBehaviour ? "same behaviour" : "DIFFERENT")}"));
        return (assessment.Overhead is null ? "" : "\n" + OverheadReport.Text(assessment.Overhead))
            + $"\nSeccomp: seccomp.json allows {seccomp.Allowed} syscalls (default {seccomp.Profile.DefaultAction}); {SeccompOutcome.DockerDefault}. Proven: {proven}.\n"
            + $"\nReport: {Path.Combine(folder, "report.html")} (also {string.Join(", ", AssessmentReportFiles.Names.Where(n => n != "report.html"))})\n";
    }
}

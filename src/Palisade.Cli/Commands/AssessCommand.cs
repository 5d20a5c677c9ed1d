using System.CommandLine;
using Palisade.Cli.Output;
using Palisade.Core.Assessment;
using Palisade.Core.Seccomp;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Profiling;
using Palisade.Sandbox.Runtimes;
using Palisade.Sandbox.Seccomp;

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
        2 bad input, 3 environment problem.

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
            AssessmentReport.EnsureWritable(folder, parse.GetValue(common.Force));
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), []);
            IProgress<string> progress = new Progress<string>(m => console.Error.WriteLine($"palisade: {m}"));

            await RuntimeInstaller.EnsureAsync(progress, cancel).ConfigureAwait(false);
            TargetSpec spec;
            if ((parse.GetValue(target) ?? []).Length == 0 && !parse.Tokens.Any(t => t.Type == System.CommandLine.Parsing.TokenType.DoubleDash))
            {
                var which = parse.GetValue(sample) == "incompatible" ? SampleImage.Incompatible : SampleImage.DataProcessing;
                progress.Report($"building the built-in sample {SampleImages.ReferenceOf(which)} (OCI layout, locally)...");
                var layout = await SampleImages.EnsureLayoutAsync(which, cancel).ConfigureAwait(false);
                spec = TargetSpec.Detect(layout, SampleImages.ReferenceOf(which));
            }
            else
            {
                spec = ProfileCommand.Target(parse, target, parse.GetValue(image));
            }

            var inventory = await RuntimeProbe.ProbeAsync(cancel).ConfigureAwait(false);
            await using var bundle = await BundleBuilder.PrepareAsync(spec, BundleOptions.Default, cancel).ConfigureAwait(false);
            var display = spec.Kind == TargetKind.OciLayout && spec.ImageRef is { } r && r.StartsWith("palisade/sample", StringComparison.Ordinal) ? r : ProfileCommand.Display(spec);
            var profile = await WorkloadProfiler.ProfileAsync(
                display, bundle, new ProfileOptions([RuntimeKind.Runc, RuntimeKind.Runsc], TimeSpan.FromSeconds(parse.GetValue(timeout))), progress, cancel).ConfigureAwait(false);
            var runc = profile.Runs.First(x => x.Run.Runtime == RuntimeKind.Runc).Run;
            var runsc = profile.Runs.First(x => x.Run.Runtime == RuntimeKind.Runsc).Run;
            var recommendation = RuntimeRecommender.Recommend(new RecommendationInput
            {
                Compatibility = profile.Compatibility!,
                RuncExitCode = runc.ExitCode,
                RunscExitCode = runsc.ExitCode,
                RunscTimedOut = runsc.TimedOut,
                Trusted = parse.GetValue(trust) == "trusted",
                KataRunnableHere = inventory.RunscPlatforms.Any(p => p.Name == "kvm" && p.Available),
                FailsOnlyUnderRunsc = ProfileJsonWriter.Divergent(profile),
            });

            OverheadEstimate? overhead = null;
            if (runc.ExitCode == 0 && runsc.ExitCode == 0)
            {
                progress.Report("measuring the runsc/runc wall-time ratio and predicting it from this host's bench costs...");
                var counts = (profile.Runs.First(x => x.Run.Runtime == RuntimeKind.Runc).Trace ?? profile.Runs.First(x => x.Run.Runtime == RuntimeKind.Runsc).Trace)?.Syscalls
                    .Select(x => KeyValuePair.Create(x.Name, x.Count)) ?? [];
                overhead = await OverheadEstimator.EstimateAsync(bundle, counts, new OverheadOptions(TimeSpan.FromSeconds(parse.GetValue(timeout))), progress, cancel).ConfigureAwait(false);
            }
            else
            {
                progress.Report("no overhead figures: the workload did not succeed under both runtimes");
            }

            var names = profile.Runs.SelectMany(x => x.Trace?.Syscalls ?? []).Select(x => x.Name).Distinct(StringComparer.Ordinal);
            var generated = SeccompGenerator.Generate(names, new GenerateOptions());
            progress.Report("proving the generated seccomp profile by running under runc and runsc with and without it...");
            var proof = await SeccompVerifier.VerifyAsync(
                bundle, SeccompProfileWriter.Write(generated.Profile), [RuntimeKind.Runc, RuntimeKind.Runsc], TimeSpan.FromSeconds(parse.GetValue(timeout)), null, cancel).ConfigureAwait(false);
            var allowed = generated.Profile.Syscalls.Where(x => SeccompActions.Permits(x.Action)).SelectMany(x => x.Names).Distinct(StringComparer.Ordinal).Count();
            var seccomp = new AssessmentReport.SeccompOutcome(generated.Profile, allowed, proof);

            AssessmentReport.Write(folder, profile, recommendation, seccomp, overhead, time.GetUtcNow());
            if (parse.GetValue(common.Format) == "json")
            {
                await ReportSink.WriteAsync(output, console.Out, s => ProfileJsonWriter.Write(profile, recommendation, s, w =>
                {
                    if (overhead is not null)
                    {
                        OverheadReport.Json(w, overhead);
                    }
                })).ConfigureAwait(false);
            }
            else
            {
                var proven = string.Join(", ", proof.Select(p => $"{WorkloadProfiler.Name(p.Runtime)} {(p.SameBehaviour ? "same behaviour" : "DIFFERENT")}"));
                var text = ProfileJsonWriter.Describe(profile, recommendation)
                    + (overhead is null ? "" : "\n" + OverheadReport.Text(overhead))
                    + $"\nSeccomp: seccomp.json allows {allowed} syscalls (default {generated.Profile.DefaultAction}); {AssessmentReport.SeccompOutcome.DockerDefault}. Proven: {proven}.\n"
                    + $"\nReport: {Path.Combine(folder, "report.html")} (also assessment.json, runtimeclass.yaml, pod-patch.yaml, seccomp.json, seccomp-pod-patch.yaml, seccomp-profile.yaml)\n";
                await ReportSink.WriteAsync(output, console.Out, s =>
                {
                    using var writer = new StreamWriter(s, leaveOpen: true);
                    writer.Write(text);
                }).ConfigureAwait(false);
            }

            return recommendation.Runtime == "kata" ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }
}

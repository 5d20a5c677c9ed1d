using System.CommandLine;
using Palisade.Cli.Output;
using Palisade.Core.Gate;
using Palisade.Core.Reports;
using Palisade.Sandbox.Gate;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade gate</c>: the CI gate. Options in, <see cref="GateRunner"/>, the verdict rendered, its exit code out.</summary>
internal static class GateCommand
{
    public const string Examples = """
        Inputs combine freely: --manifests (what will be deployed), --image (OCI image layouts, for the CIS image
        checks and the canary), --scan (trivy -f json or grype -o json, told apart by shape). The policy is a
        RuntimePolicy with a gate: section (docs/gate.md); without --policy the built-in one applies (threshold high,
        no registry rule). --suppressions takes a GateSuppressions file (id, optional package/image, reason, expires).
        --write-baseline FILE records today's findings; --baseline FILE then fails only on new ones.
        --out DIR writes gate.txt, gate.json, gate.sarif, gate.junit.xml and gate.html; existing files need --force.

        Exit codes: 0 pass, 1 the gate fails (policy, vulnerability, CIS or canary finding), 2 bad input or usage
        (one line per problem, file:line:col), 3 environment (runsc/runc missing for --canary).

        Examples:
          palisade gate --manifests deploy/ --scan trivy.json --policy policy.yaml
          palisade gate --image build/app-oci --scan grype.json --canary --format sarif --output gate.sarif
          palisade gate --manifests deploy/ --scan trivy.json --write-baseline .palisade-baseline.json
          palisade gate --manifests deploy/ --scan trivy.json --baseline .palisade-baseline.json --suppressions suppressions.yaml --out gate-report
        """;

    private static readonly (string Format, string File)[] OutFiles =
        [("text", "gate.txt"), ("json", "gate.json"), ("sarif", "gate.sarif"), ("junit", "gate.junit.xml"), ("html", "gate.html")];

    public static Command Create(CliConsole console, TimeProvider time)
    {
        var manifests = new Option<string[]>("--manifests") { Description = "Manifest files or folders that will be deployed.", AllowMultipleArgumentsPerToken = true };
        var images = new Option<string[]>("--image") { Description = "OCI image layouts to check (CIS image checks, canary).", AllowMultipleArgumentsPerToken = true };
        var scans = new Option<string[]>("--scan") { Description = "trivy -f json or grype -o json reports.", AllowMultipleArgumentsPerToken = true };
        var policy = new Option<string?>("--policy", "-p") { Description = "RuntimePolicy file with a gate: section; 'builtin' (default) for the built-in policy." };
        var suppressions = new Option<string?>("--suppressions") { Description = "GateSuppressions file: accepted findings with reason and expiry." };
        var baseline = new Option<string?>("--baseline") { Description = "Baseline file: only findings not in it fail." };
        var writeBaseline = new Option<string?>("--write-baseline") { Description = "Write today's findings to FILE as a baseline." };
        var canary = new Option<bool>("--canary") { Description = "Run each --image under runsc (and runc for comparison): it must behave the same." };
        var duration = new Option<double>("--canary-duration") { Description = "Seconds a canary may run (a job) or must stay up (a service, with --canary-service).", DefaultValueFactory = _ => 30 };
        var service = new Option<bool>("--canary-service") { Description = "The images are services: they pass by staying up for --canary-duration." };
        var outDir = new Option<string?>("--out") { Description = "Folder to write every format into." };
        var common = new CommonOptions("text", "json", "sarif", "junit", "html");
        var command = new Command("gate", "The CI gate: manifests, scan reports (trivy, grype), CIS Docker Benchmark checks and a canary run in the hardened runtime, one verdict.")
        {
            manifests, images, scans, policy, suppressions, baseline, writeBaseline, canary, duration, service, outDir,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var force = parse.GetValue(common.Force);
            var request = new GateRequest
            {
                Manifests = parse.GetValue(manifests) ?? [],
                Images = parse.GetValue(images) ?? [],
                Scans = parse.GetValue(scans) ?? [],
                Policy = parse.GetValue(policy),
                Suppressions = parse.GetValue(suppressions),
                Baseline = parse.GetValue(baseline),
                Canary = parse.GetValue(canary) ? new CanaryOptions(TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(service)) : null,
            };
            if (request.Manifests.Count + request.Images.Count + request.Scans.Count == 0)
            {
                throw new UsageException("gate: give at least one of --manifests, --image or --scan");
            }

            if (request.Canary is not null && request.Images.Count == 0)
            {
                throw new UsageException("gate: --canary runs the images given with --image; give at least one");
            }

            string[] inputs = [.. request.Manifests, .. request.Images, .. request.Scans, .. new[] { request.Policy, request.Suppressions, request.Baseline }.OfType<string>()];
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, force, inputs);
            var baselineOut = parse.GetValue(writeBaseline) is { } b ? new FileInfo(b) : null;
            ReportSink.EnsureWritable(baselineOut, force, inputs);
            var folder = parse.GetValue(outDir);
            if (folder is not null)
            {
                foreach (var (_, file) in OutFiles)
                {
                    ReportSink.EnsureWritable(new FileInfo(Path.Combine(folder, file)), force, inputs);
                }
            }

            IProgress<string> progress = new Progress<string>(m => console.Error.WriteLine($"palisade: {m}"));
            if (request.Canary is not null)
            {
                await RuntimeInstaller.EnsureAsync(progress, cancel).ConfigureAwait(false);
            }

            // The canary's steps on the live display (plain lines without a terminal); the other inputs read in well under a second.
            var result = request.Canary is null
                ? await GateRunner.RunAsync(request, time, progress, cancel).ConfigureAwait(false)
                : await LiveProgress.RunAsync(console, LiveProgress.Quiet(parse), "gate canary", live =>
                    GateRunner.RunAsync(request, time, new LineSink(m => live.Report(new ProgressUpdate(0, 0, m))), cancel)).ConfigureAwait(false);
            foreach (var problem in result.Problems.Concat(result.Verdict?.Problems ?? []))
            {
                await console.Error.WriteLineAsync($"palisade: {problem}").ConfigureAwait(false);
            }

            if (result.Verdict is not { } verdict)
            {
                return ExitCodes.BadInput;
            }

            if (baselineOut is not null)
            {
                ReportSink.WriteFileAtomically(baselineOut.FullName, s => Baseline.Write(verdict, s));
            }

            if (folder is not null)
            {
                foreach (var (format, file) in OutFiles)
                {
                    ReportSink.WriteFileAtomically(Path.Combine(folder, file), s => Write(verdict, format, s));
                }
            }

            await ReportSink.WriteAsync(output, console.Out, s => Write(verdict, parse.GetValue(common.Format)!, s)).ConfigureAwait(false);
            return verdict.ExitCode;
        });
        return command;
    }

    private static void Write(GateVerdict verdict, string format, Stream stream)
    {
        switch (format)
        {
            case "json":
                GateJsonWriter.Write(verdict, stream);
                break;
            case "sarif":
                GateSarifWriter.Write(verdict, ToolVersion.Current, stream);
                break;
            case "junit":
                GateJUnitWriter.Write(verdict, stream);
                break;
            case "html":
                GateHtmlWriter.Write(verdict, stream);
                break;
            default:
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    GateTextWriter.Write(verdict, writer);
                }

                break;
        }
    }

    private sealed class LineSink(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}

using System.CommandLine;
using Palisade.Cli.Output;
using Palisade.Core.Checking;
using Palisade.Core.Manifests;
using Palisade.Core.PodSecurity;
using Palisade.Core.Policy;
using Palisade.Core.Reports;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade check PATH...</c>: Pod Security Standards on manifests, as a cluster would enforce them.</summary>
internal static class CheckCommand
{
    private const string Description =
        "Evaluate Kubernetes manifests against the Pod Security Standards, exactly as upstream Pod Security Admission does, for every workload kind.";

    public const string Examples = """
        PATH is a file, a folder (searched recursively for *.yaml, *.yml, *.json) or - for standard input; multi-document
        YAML, JSON and List kinds are read. Pod-bearing kinds: Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job,
        CronJob, ReplicationController, PodTemplate; other kinds are counted as skipped. Objects in a Namespace that the
        inputs label with pod-security.kubernetes.io/enforce(-version) are checked at that level and version, as a
        cluster would; --level and --version override. Default: restricted:latest.

        With --policy FILE (a RuntimePolicy, see docs/policy.md), each pod is checked as the admission webhook would
        see it: the first matching tier sets the Pod Security level and version (flags still override), the tier's patch
        (runtimeClassName, seccompProfile, automountServiceAccountToken) is applied first, and a runtimeClassName outside
        the tier's allowed classes is a violation. --policy builtin uses the built-in policy.

        Exit codes: 0 all allowed, 1 some object denied, 2 bad input or usage.

        Examples:
          palisade check deploy/
          palisade check app.yaml --level baseline --version v1.30
          kubectl get deploy -A -o yaml | palisade check - --format json
          palisade check k8s/ --format sarif --output palisade.sarif
          palisade check deploy/ --policy examples/runtime-policy.yaml
        """;

    public static Command Create(CliConsole console)
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Manifest files, folders, or - for standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        paths.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value[0] == '-'))
            {
                result.AddError($"unknown option '{token.Value}' (to read a file whose name starts with '-', write ./{token.Value})");
            }
        });
        var level = new Option<string?>("--level", "-l")
        {
            Description = "Pod Security level to enforce: privileged|baseline|restricted (overrides namespace labels).",
        };
        level.AcceptOnlyFromAmong("privileged", "baseline", "restricted");
        var version = new Option<string?>("--version")
        {
            Description = "Policy version: v1.N or latest (overrides namespace labels).",
        };
        version.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (text is not null && !PodSecurityVersion.TryParse(text, out _))
            {
                result.AddError($"--version: '{text}' must be \"latest\" or \"v1.N\" (for example v1.30)");
            }
        });
        var policyFile = new Option<string?>("--policy", "-p")
        {
            Description = "RuntimePolicy file to enforce too (tiers, runtime classes); 'builtin' for the built-in policy.",
        };
        var common = new CommonOptions("text", "json", "sarif", "junit");

        var command = new Command("check", Description) { paths, level, version, policyFile };
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var inputs = parse.GetValue(paths) ?? [];
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), inputs);

            RuntimePolicy? runtimePolicy = null;
            if (parse.GetValue(policyFile) is { } policyPath)
            {
                try
                {
                    runtimePolicy = policyPath == "builtin" ? RuntimePolicyLoader.Default : RuntimePolicyLoader.Load(policyPath);
                }
                catch (RuntimePolicyException ex)
                {
                    foreach (var problem in ex.Problems)
                    {
                        await console.Error.WriteLineAsync($"palisade: {problem}").ConfigureAwait(false);
                    }

                    return ExitCodes.BadInput;
                }
            }

            var options = new CheckOptions(
                parse.GetValue(level) is { } l && LevelNames.TryParse(l, out var lv) ? lv : null,
                parse.GetValue(version) is { } v && PodSecurityVersion.TryParse(v, out var vv) ? vv : null,
                runtimePolicy);
            var set = ManifestLoader.Load(inputs, console.In);
            var report = ManifestChecker.Check(set, options);
            cancel.ThrowIfCancellationRequested();

            foreach (var warning in report.Warnings)
            {
                await console.Error.WriteLineAsync($"warning: {warning}").ConfigureAwait(false);
            }

            foreach (var error in report.Errors)
            {
                await console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
            }

            await WriteReportAsync(report, parse.GetValue(common.Format)!, output, console, runtimePolicy is not null).ConfigureAwait(false);
            return report.HasInputErrors ? ExitCodes.BadInput : report.HasDenials ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    private static Task WriteReportAsync(CheckReport report, string format, FileInfo? output, CliConsole console, bool runtimePolicyChecked)
    {
        switch (format)
        {
            case "json":
                return ReportSink.WriteAsync(output, console.Out, s => CheckJsonWriter.Write(report, s));
            case "sarif":
                return ReportSink.WriteAsync(output, console.Out, s => SarifWriter.Write(report, ToolVersion.Current, s, runtimePolicyChecked));
            case "junit":
                return ReportSink.WriteAsync(output, console.Out, s => JUnitWriter.Write(report, s));
            default:
                if (output is null)
                {
                    CheckTextRenderer.Render(report, console.Out, console.OutputIsTerminal);
                    return Task.CompletedTask;
                }

                return ReportSink.WriteAsync(output, console.Out, s =>
                {
                    using var writer = new StreamWriter(s, leaveOpen: true);
                    CheckTextRenderer.Render(report, writer, isTerminal: false);
                });
        }
    }
}

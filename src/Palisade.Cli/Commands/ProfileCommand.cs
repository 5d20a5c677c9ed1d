using System.CommandLine;
using Palisade.Cli.Output;
using Palisade.Sandbox.Assessing;
using Palisade.Sandbox.Images;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade profile TARGET</c>: run a workload for real under runc and/or runsc and record its syscalls.</summary>
internal static class ProfileCommand
{
    public const string Examples = """
        TARGET is an OCI image layout folder, an OCI or `docker save` archive, an OCI runtime bundle (config.json +
        rootfs), or `-- COMMAND ARGS...` for a host program (run from a read-only root holding the program and its
        libraries). Syscalls are recorded with runsc's --strace debug log and with `strace -f` of the workload's own
        processes under runc; gVisor support comes from the installed runsc's own table.

        Exit codes: 0 ran (and, with runsc, behaves as under runc), 1 not compatible with gVisor, 2 bad input (also when
        runc itself refuses the container, or the workload times out under every runtime), 3 runtime missing (the
        message says what to install).

        Examples:
          palisade profile ./my-image-layout --runtime runc,runsc
          palisade profile app.tar --image registry.example.com/app:1.2 --format json --output profile.json
          palisade profile --runtime runsc -- /usr/bin/python3 -c 'print(1)'
        """;

    public static Command Create(CliConsole console)
    {
        var target = new Argument<string[]>("TARGET") { Description = "Image layout, archive, bundle, or -- COMMAND ARGS.", Arity = ArgumentArity.ZeroOrMore };
        var runtimes = new Option<string>("--runtime", "-r") { Description = "Runtimes to run under, comma-separated: runc, runsc, native (host commands only).", DefaultValueFactory = _ => "runc,runsc" };
        var image = new Option<string?>("--image") { Description = "Which image of a multi-image archive or layout (its ref name or repo tag)." };
        var timeout = new Option<double>("--timeout") { Description = "Seconds each run may take before it is killed.", DefaultValueFactory = _ => 60 };
        var platform = new Option<string?>("--platform") { Description = "runsc platform: ptrace, systrap or kvm (default: the best this host supports)." };
        var common = new CommonOptions("text", "json");
        var command = new Command("profile", "Run a workload under runc and gVisor (runsc), record every syscall it makes, and check them against gVisor.")
        {
            target, runtimes, image, timeout, platform,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var spec = WorkloadArguments.Target(parse, target, parse.GetValue(image));
            var request = new AssessmentRequest
            {
                Target = spec,
                Runtimes = WorkloadArguments.Runtimes(parse.GetValue(runtimes)!, spec.Kind == TargetKind.HostCommand),
                Timeout = WorkloadArguments.Timeout(parse.GetValue(timeout)),
                RunscPlatform = parse.GetValue(platform),
            };
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), spec.Kind == TargetKind.HostCommand ? [] : [spec.Path]);

            var assessment = await WorkloadArguments.AssessAsync(console, parse, "profile", request, cancel).ConfigureAwait(false);

            await WorkloadArguments.WriteAsync(assessment, parse.GetValue(common.Format)!, output, console).ConfigureAwait(false);
            return WorkloadArguments.ExitCode(assessment, byRecommendation: false);
        });
        return command;
    }
}

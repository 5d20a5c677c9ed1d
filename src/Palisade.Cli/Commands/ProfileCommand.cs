using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Palisade.Cli.Output;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Profiling;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade profile TARGET</c>: run a workload for real under runc and/or runsc and record its syscalls.</summary>
internal static class ProfileCommand
{
    public const string Examples = """
        TARGET is an OCI image layout folder, an OCI or `docker save` archive, an OCI runtime bundle (config.json +
        rootfs), or `-- COMMAND ARGS...` for a host program (run from a read-only root holding the program and its
        libraries). Syscalls are recorded with runsc's --strace debug log and with `strace -f` of the workload's own
        processes under runc; gVisor support comes from the installed runsc's own table.

        Exit codes: 0 ran (and, with runsc, behaves as under runc), 1 not compatible with gVisor, 2 bad input,
        3 runtime missing (the message says what to install).

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
            var spec = Target(parse, target, parse.GetValue(image));
            var kinds = Runtimes(parse.GetValue(runtimes)!, spec.Kind == TargetKind.HostCommand);
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), spec.Kind == TargetKind.HostCommand ? [] : [spec.Path]);
            var seconds = parse.GetValue(timeout);
            if (seconds <= 0)
            {
                throw new UsageException("--timeout must be a positive number of seconds");
            }

            IProgress<string>? progress = console.OutputIsTerminal ? new Progress<string>(m => console.Error.WriteLine($"palisade: {m}")) : null;
            await using var bundle = await BundleBuilder.PrepareAsync(spec, BundleOptions.Default, cancel).ConfigureAwait(false);
            var profile = await WorkloadProfiler.ProfileAsync(Display(spec), bundle, new ProfileOptions(kinds, TimeSpan.FromSeconds(seconds), parse.GetValue(platform)), progress, cancel).ConfigureAwait(false);

            if (parse.GetValue(common.Format) == "json")
            {
                await ReportSink.WriteAsync(output, console.Out, s => ProfileJsonWriter.Write(profile, null, s)).ConfigureAwait(false);
            }
            else
            {
                var text = ProfileJsonWriter.Describe(profile, null);
                await ReportSink.WriteAsync(output, console.Out, s =>
                {
                    using var writer = new StreamWriter(s, leaveOpen: true);
                    writer.Write(text);
                }).ConfigureAwait(false);
            }

            return profile.Compatibility is { Compatible: false } ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Everything after <c>--</c> is a host command; otherwise exactly one TARGET path.</summary>
    public static TargetSpec Target(ParseResult parse, Argument<string[]> target, string? imageRef)
    {
        var values = parse.GetValue(target) ?? [];
        if (parse.Tokens.Any(t => t.Type == TokenType.DoubleDash))
        {
            return values.Length == 0 ? throw new UsageException("give the host command after --, e.g. -- /bin/echo hi") : TargetSpec.HostCommand(values);
        }

        return values.Length switch
        {
            0 => throw new UsageException("give a TARGET (image layout, archive or bundle) or -- COMMAND ARGS"),
            1 => TargetSpec.Detect(values[0], imageRef),
            _ => throw new UsageException($"one TARGET at a time (got {values.Length}); for a host command put it after --"),
        };
    }

    public static string Display(TargetSpec spec) =>
        spec.Kind == TargetKind.HostCommand ? "-- " + string.Join(' ', spec.Command) : spec.Path;

    private static List<RuntimeKind> Runtimes(string text, bool hostCommand)
    {
        var kinds = new List<RuntimeKind>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds.Add(name switch
            {
                "runc" => RuntimeKind.Runc,
                "runsc" or "gvisor" => RuntimeKind.Runsc,
                "native" when hostCommand => RuntimeKind.Native,
                "native" => throw new UsageException("--runtime native runs host commands only (-- COMMAND ARGS)"),
                "kata" => throw new UsageException("--runtime kata: Kata Containers cannot run on this host (no /dev/kvm, no package); palisade assess says when a workload needs it"),
                _ => throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--runtime: unknown runtime '{name}' (runc, runsc, native)")),
            });
        }

        return kinds.Count == 0 ? throw new UsageException("--runtime: name at least one runtime") : kinds.Distinct().ToList();
    }
}

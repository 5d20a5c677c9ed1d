using System.CommandLine;
using System.Globalization;
using System.Net;
using Palisade.Core.Monitoring;
using Palisade.Monitor;
using Palisade.Sandbox.Node;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade monitor</c>: the gVisor runtime-monitoring sink with Falco-style rules; <c>config</c> and <c>check</c>.</summary>
internal static class MonitorCommand
{
    public const string Examples = """
        Listens on a Unix SOCK_SEQPACKET socket for gVisor sandboxes (runsc started with --pod-init-config, see
        'palisade monitor config'), decodes their trace points and evaluates Falco-style rules on each event. Alerts go
        to standard output as JSON lines in Falco's shape (time, rule, priority, output, output_fields, tags). The
        built-in sandbox rules load first (--no-builtin-rules leaves them out); --rules files come after and replace
        items of the same name. Rules files are re-read when they change; a bad file is reported, counted, and the
        last good rules stay. Stops on Ctrl+C/SIGTERM.

        Drift rule: --record FILE writes the programs the sandboxes executed (resolved paths) and the connections they
        attempted (ip:port) when the monitor stops; --drift FILE alerts ("Drift from the recording", WARNING) once per
        container on each program or connection absent from it.

        Pods: --containerd-address SOCKET (containerd's, /run/containerd/containerd.sock on a node; any CRI socket)
        looks each sandbox's pod up through the CRI, so rules and outputs can use k8s.pod.name and k8s.ns.name.

        Resource usage: every --stats-interval seconds (default 10, 0 off) the CPU seconds, memory and pids of each
        container whose sandbox is connected are read with 'runsc --root ROOT events --stats ID' (the first
        --runsc-root holding it) and served on /metrics labelled container_id; the series go when the sandbox
        disconnects.

        Subcommands:
          config   write the pod-init-config JSON (the trace session) and print the runsc flag / shim option
          check    validate rules files: file:line:col errors, exit 2

        Exit codes: 0 stopped cleanly or rules valid, 2 bad input (rules, options), 3 the socket cannot be bound.

        Examples:
          palisade monitor --socket /run/palisade/monitor.sock --metrics 0.0.0.0:9477
          palisade monitor --containerd-address /run/containerd/containerd.sock      (alerts name the pod and namespace)
          palisade monitor --rules examples/monitor/sandbox-rules.yaml --rules my-rules.yaml --format text
          palisade monitor --metrics 127.0.0.1:9477 --runsc-root /run/containerd/runsc/k8s.io --stats-interval 15
          palisade monitor --socket /tmp/m.sock --record app.drift.json      (run the workload once, then Ctrl+C)
          palisade monitor --socket /tmp/m.sock --drift app.drift.json       (alerts on programs/connections not recorded)
          palisade monitor config --socket /run/palisade/monitor.sock --output /etc/palisade/pod-init.json
          palisade monitor check examples/monitor/sandbox-rules.yaml
        """;

    private const string DefaultSocket = "/run/palisade/monitor.sock";

    public static Command Create(CliConsole console)
    {
        var rules = new Option<string[]>("--rules", "-r") { Description = "Rules file (repeatable; later files replace earlier items of the same name).", AllowMultipleArgumentsPerToken = false };
        var socket = new Option<string>("--socket") { Description = "Unix socket the sandboxes connect to.", DefaultValueFactory = _ => DefaultSocket };
        var metrics = new Option<string?>("--metrics") { Description = "ADDRESS:PORT to serve Prometheus /metrics on." };
        metrics.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>() ?? "";
            if (!IPEndPoint.TryParse(text, out var endpoint) || !text.EndsWith(":" + endpoint.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                result.AddError($"--metrics: '{text}' must be ADDRESS:PORT, for example 0.0.0.0:9477");
            }
        });
        var format = new Option<string>("--format", "-f") { Description = "Alert format: json|text.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "text");
        var alertsFile = new Option<string?>("--alerts-file") { Description = "Also append alerts to this file." };
        var drift = new Option<string?>("--drift") { Description = "Enable the drift rule: alert on programs and connections absent from this recording (written by --record)." };
        var record = new Option<string?>("--record") { Description = "Write the programs executed and connections attempted to this file (a drift recording) on stop." };
        var force = new Option<bool>("--force") { Description = "Overwrite the --record file if it exists." };
        var containerd = new Option<string?>("--containerd-address") { Description = "CRI socket to look up each sandbox's pod (k8s.pod.name, k8s.ns.name), e.g. /run/containerd/containerd.sock." };
        var runscRoots = new Option<string[]>("--runsc-root")
        {
            Description = "runsc state root the sandboxes' containers live under (repeatable; default "
                + string.Join(" and ", MonitorHostOptions.DefaultRunscRoots) + ").",
            AllowMultipleArgumentsPerToken = false,
        };
        var statsInterval = new Option<double>("--stats-interval")
        {
            Description = "Seconds between resource readings of each connected sandbox (runsc events --stats); 0 turns them off.",
            DefaultValueFactory = _ => 10,
        };
        statsInterval.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(value == 0 || value is >= 1 and <= 3600))
            {
                result.AddError($"--stats-interval: {value.ToString(CultureInfo.InvariantCulture)} must be 0 (off) or 1 to 3600 seconds");
            }
        });
        var noBuiltIn = new Option<bool>("--no-builtin-rules") { Description = "Do not load the built-in sandbox rules before --rules." };
        var command = new Command("monitor", "Watch sandboxed workloads from inside gVisor: runtime-monitoring sink, Falco-style rules, alerts and Prometheus metrics.")
        {
            rules, noBuiltIn, socket, metrics, containerd, format, alertsFile, drift, record, force, runscRoots, statsInterval, Config(console), Check(console),
        };
        command.SetAction(async (parse, cancel) =>
        {
            var paths = parse.GetValue(rules) ?? [];
            var builtIn = !parse.GetValue(noBuiltIn);
            var loaded = MonitorHost.LoadRules(paths, builtIn);
            if (!loaded.Ok)
            {
                await WriteErrorsAsync(console, loaded).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var recordPath = parse.GetValue(record);
            if (recordPath is not null && File.Exists(recordPath) && !parse.GetValue(force))
            {
                throw new UsageException($"{recordPath} exists; pass --force to overwrite it");
            }

            var driftPath = parse.GetValue(drift);
            using var pods = parse.GetValue(containerd) is { } criSocket ? CriPodDirectory.Open(criSocket) : null;
            var options = new MonitorHostOptions(parse.GetValue(socket)!, paths)
            {
                Drift = driftPath is null ? null : ReadRecording(driftPath),
                RecordPath = recordPath,
                MetricsAddress = parse.GetValue(metrics),
                Json = parse.GetValue(format) == "json",
                AlertsFile = parse.GetValue(alertsFile),
                BuiltInRules = builtIn,
                PodLookup = pods is null ? null : pods.LookupAsync,
                // The monitor library starts no processes: runsc runs through Palisade.Sandbox's one runner, bounded in time and output.
                Runsc = (arguments, ct) => RunscTool.RunAsync(arguments, TimeSpan.FromSeconds(5), RunscOutput.MaxStdoutBytes + 1, ct),
                RunscRoots = parse.GetValue(runscRoots) is { Length: > 0 } roots ? roots : MonitorHostOptions.DefaultRunscRoots,
                StatsInterval = TimeSpan.FromSeconds(parse.GetValue(statsInterval)),
            };
            try
            {
                await MonitorHost.RunAsync(options, loaded.Rules!, console.Out, console.Error, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or HttpListenerException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"palisade monitor: cannot listen: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Environment;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static DriftRecording ReadRecording(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{path}: {e.Message}");
        }

        try
        {
            return DriftRecording.Parse(text, path);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static Command Config(CliConsole console)
    {
        var socket = new Option<string>("--socket") { Description = "The monitor's socket (the remote sink endpoint).", DefaultValueFactory = _ => DefaultSocket };
        var output = new Option<string?>("--output", "-o") { Description = "Write the pod-init-config JSON here (default: standard output)." };
        var force = new Option<bool>("--force") { Description = "Overwrite --output if it exists." };
        var command = new Command("config", "Write gVisor's pod-init-config (the trace session streaming to the monitor) and print how to install it.")
        {
            socket, output, force,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var json = TraceSession.PodInitConfig(parse.GetValue(socket)!);
            var path = parse.GetValue(output);
            if (path is null)
            {
                await console.Out.WriteAsync(json).ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            if (File.Exists(path) && !parse.GetValue(force))
            {
                throw new UsageException($"{path} exists; pass --force to overwrite it");
            }

            await File.WriteAllTextAsync(path, json, cancel).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"""
                wrote {path}
                Install it on the runsc handler: palisade node config runsc --pod-init-config {path} --install
                (node doctor then reports where the handler streams), or by hand:
                  containerd-shim-runsc-v1 (options file, e.g. /etc/containerd/runsc.toml), under [runsc_config]:
                    {TraceSession.ShimOption(path)}
                  runc shim with the runsc wrapper, or runsc by hand: add the flag
                    {TraceSession.RunscFlag(path)}
                Then run 'palisade monitor --socket {parse.GetValue(socket)}' before sandboxes start.
                """).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Check(CliConsole console)
    {
        var files = new Argument<string[]>("RULES") { Description = "Rules files to validate.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "Validate Falco-style rules files: every error as file:line:col, exit 2 when there is one.") { files };
        command.SetAction(async (parse, cancel) =>
        {
            var loaded = MonitorHost.LoadRules(parse.GetValue(files)!, builtIn: false);
            if (!loaded.Ok)
            {
                await WriteErrorsAsync(console, loaded).ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            await console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ok: {loaded.Rules!.Rules.Count} enabled rule(s)")).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WriteErrorsAsync(CliConsole console, RulesLoadResult loaded)
    {
        foreach (var error in loaded.Errors)
        {
            await console.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
        }
    }
}

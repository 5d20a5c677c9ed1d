using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Palisade.Cli.Output;
using Palisade.Core.Manifests;
using Palisade.Core.Node;
using Palisade.Sandbox.Node;
using Palisade.Sandbox.Runtimes;
using Palisade.Core.Reports;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade node config|doctor|verify</c>: put gVisor (and Kata) on a node, check it, prove it.</summary>
internal static class NodeCommand
{
    public const string Examples = """
        Subcommands:
          config TARGET   TARGET is containerd, crio, runtimeclass or runsc (runsc's flags: its shim options file, or
                          the wrapper the runc shim runs). containerd: a complete config (runc stays the default handler,
                          the CRI settings this host needs); --drop-in only the handler sections. --merge FILE edits an existing containerd config in place
                          (only with --force, after writing FILE.bak) or into --output, keeping comments and every
                          other setting.
          doctor          what this node can run and why not; exit 0 no errors, 1 errors found, 2 bad input.
          verify          does what the kubelet does, through containerd's CRI API, per handler: a pod with a container
                          that prints and exits 3 (EXITED 3, both lines in its log file), a long-running one (RUNNING,
                          exec uname -r, StopContainer), a restart, then every remove, each step timed and bounded;
                          exit 0 all handlers work, 1 one does not, 3 containerd unreachable.

        Examples:
          palisade node doctor
          palisade node doctor --containerd-config /etc/containerd/config.toml --manifests k8s/runtimeclasses.yaml
          palisade node config containerd --runtime runsc --runsc-shim runc --runsc-network none > /etc/containerd/config.toml
          palisade node config containerd --runtime runsc --drop-in --output /etc/containerd/conf.d/palisade-runtimes.toml
          palisade node config containerd --runtime runsc,kata --containerd-version 2.x
          palisade node config containerd --merge /etc/containerd/config.toml --force
          palisade node config runsc --runsc-shim runc --runsc-network none --install
          palisade node config containerd --runtime runsc --runsc-shim runc --runsc-network none --install --output /etc/containerd/config.toml
          palisade node config runtimeclass --runtime runsc,kata --node-selector sandbox.palisade.dev/enabled=true
          palisade node verify --containerd-address /run/containerd/containerd.sock
        """;

    private const string DefaultContainerdConfig = "/etc/containerd/config.toml";

    public static Command Create(CliConsole console) =>
        new("node", "Put gVisor on a node: generate containerd / CRI-O / RuntimeClass config, diagnose the node, and verify each handler with a real pod.")
        {
            Config(console), Doctor(console), Verify(console),
        };

    private static Command Config(CliConsole console)
    {
        var target = new Argument<string>("TARGET") { Description = "containerd, crio, runtimeclass or runsc." };
        target.AcceptOnlyFromAmong("containerd", "crio", "runtimeclass", "runsc");
        var runtimes = new Option<string>("--runtime") { Description = "Runtimes to register, comma-separated: runc, runsc, kata.", DefaultValueFactory = _ => "runsc" };
        var version = new Option<string?>("--containerd-version") { Description = "1.x (config version 2) or 2.x (version 3); with --merge, taken from the file." };
        version.AcceptOnlyFromAmong("1.x", "2.x");
        var shim = new Option<string>("--runsc-shim") { Description = "How containerd drives runsc: runsc (containerd-shim-runsc-v1), runc (the runc shim with a runsc wrapper), auto (runsc when its shim is on PATH).", DefaultValueFactory = _ => "auto" };
        shim.AcceptOnlyFromAmong("auto", "runsc", "runc");
        var platform = new Option<string?>("--runsc-platform") { Description = "runsc --platform: ptrace, systrap or kvm (default: the release's own)." };
        platform.AcceptOnlyFromAmong("ptrace", "systrap", "kvm");
        var network = new Option<string?>("--runsc-network") { Description = "runsc --network: sandbox, host or none (default: sandbox)." };
        network.AcceptOnlyFromAmong("sandbox", "host", "none");
        var session = new Option<string?>("--pod-init-config") { Description = "runsc --pod-init-config: the trace session file palisade monitor config writes (runtime monitoring)." };
        var runscPath = new Option<string>("--runsc-path") { Description = "The runsc binary.", DefaultValueFactory = _ => "/usr/bin/runsc" };
        var wrapper = new Option<string>("--runsc-wrapper") { Description = "Where the runsc wrapper lives (runc shim).", DefaultValueFactory = _ => "/usr/local/bin/runsc-cri" };
        var runscConfig = new Option<string>("--runsc-config") { Description = "Where runsc's shim options file lives (runsc shim).", DefaultValueFactory = _ => "/etc/containerd/runsc.toml" };
        var merge = new Option<FileInfo?>("--merge") { Description = "An existing containerd config to merge the handlers into (containerd only)." };
        var adapter = new Option<string>("--runsc-adapter") { Description = "Where the runsc adapter lives (runc shim); the wrapper runs it.", DefaultValueFactory = _ => NodeConfigOptions.DefaultRunscAdapterPath };
        var install = new Option<bool>("--install") { Description = "containerd, runsc: also install what the config refers to (the runsc adapter and its flags wrapper, or runsc.toml); a different existing file is replaced only with --force, after a backup." };
        var dropIn = new Option<bool>("--drop-in") { Description = "containerd: only the handler sections, for a folder config.toml imports (default: a complete config containerd loads on its own)." };
        var defaultRuntime = new Option<string?>("--default-runtime") { Description = "containerd: the handler pods without a RuntimeClass use (default: runc)." };
        var selector = new Option<string[]>("--node-selector") { Description = "KEY=VALUE label of the nodes that have the handlers; every RuntimeClass schedules onto it (repeatable)." };
        var toleration = new Option<string?>("--toleration-key") { Description = "RuntimeClass tolerates the taint KEY=HANDLER:NoSchedule." };
        var common = new CommonOptions("text", "json");
        var command = new Command("config", "Emit containerd / CRI-O runtime handler config, runsc's flags file, or RuntimeClass objects for the runtimes chosen.")
        {
            target, runtimes, version, shim, platform, network, session, runscPath, wrapper, adapter, runscConfig, install, merge, dropIn, defaultRuntime, selector, toleration,
        };
        common.AddTo(command);
        command.SetAction(async parse =>
        {
            var what = parse.GetValue(target)!;
            var output = parse.GetValue(common.Output);
            var force = parse.GetValue(common.Force);
            var mergeFile = parse.GetValue(merge);
            if (mergeFile is not null && what != "containerd")
            {
                throw new UsageException("--merge only applies to `node config containerd`");
            }

            var isDropIn = parse.GetValue(dropIn);
            if (isDropIn && (what != "containerd" || mergeFile is not null))
            {
                throw new UsageException("--drop-in only applies to `node config containerd` without --merge");
            }

            var existing = mergeFile is null ? null : ReadInput(mergeFile);
            var options = new NodeConfigOptions
            {
                Runtimes = ParseRuntimes(parse.GetValue(runtimes)!),
                Containerd = parse.GetValue(version) switch
                {
                    "2.x" => ContainerdMajor.V2,
                    "1.x" => ContainerdMajor.V1,
                    _ => (existing is null ? null : ContainerdConfigMerger.DeclaredMajor(existing)) ?? ContainerdMajor.V1,
                },
                RunscShim = parse.GetValue(shim) switch
                {
                    "runsc" => RunscShim.Runsc,
                    "runc" => RunscShim.Runc,
                    _ => RuntimeProbe.HostRunscShim(),
                },
                RunscPlatform = parse.GetValue(platform),
                RunscNetwork = parse.GetValue(network),
                RunscPodInitConfig = parse.GetValue(session),
                RunscPath = parse.GetValue(runscPath)!,
                RunscWrapperPath = parse.GetValue(wrapper)!,
                RunscAdapterPath = parse.GetValue(adapter)!,
                RunscConfigPath = parse.GetValue(runscConfig)!,
                Cri = isDropIn || mergeFile is not null ? null : CriSettings.For(NodeHostProbe.View()) with { DefaultRuntime = parse.GetValue(defaultRuntime) },
            };

            if (options.RunscPlatform is { } wanted && options.Runtimes.Contains(NodeRuntime.Runsc))
            {
                var inventory = await RuntimeProbe.ProbeAsync(CancellationToken.None).ConfigureAwait(false);
                if (inventory.Runsc is not null && inventory.RunscPlatforms.FirstOrDefault(p => p.Name == wanted) is { Available: false } missing)
                {
                    // Still written: the config may be meant for other nodes.
                    await console.Error.WriteLineAsync($"palisade: warning: runsc platform {wanted} cannot run on this host: {missing.Reason}").ConfigureAwait(false);
                }
            }

            var installs = parse.GetValue(install);
            if (installs && what is not ("containerd" or "runsc"))
            {
                throw new UsageException("--install only applies to `node config containerd` and `node config runsc`");
            }

            if (installs && (what == "runsc" || options.Runtimes.Contains(NodeRuntime.Runsc)))
            {
                await InstallAsync(console, options, force).ConfigureAwait(false);
            }

            if (what == "containerd" && options.Runtimes.Contains(NodeRuntime.Runsc) && options.RunscShim == RunscShim.Runc)
            {
                var why = RuntimeProbe.Locate("containerd-shim-runsc-v1") is null ? "containerd-shim-runsc-v1 is not on this node" : "--runsc-shim runc was asked for";
                await console.Error.WriteLineAsync($"palisade: runsc runs behind containerd's runc shim ({why}): BinaryName {options.RunscWrapperPath} runs the runsc adapter {options.RunscAdapterPath}, which gives logs, exit codes, stop, delete and exec as under runc (node verify checks each); {(installs ? "installed above" : "install both with --install")}").ConfigureAwait(false);
            }

            if (installs && what == "runsc" && output is null)
            {
                return ExitCodes.Ok;
            }

            if (mergeFile is not null)
            {
                return await MergeAsync(console, mergeFile, existing!, options, output, force).ConfigureAwait(false);
            }

            ReportSink.EnsureWritable(output, force, []);
            var (content, path) = what switch
            {
                "containerd" => (ContainerdConfigGenerator.Generate(options), isDropIn ? ContainerdConfigGenerator.DropInFolder + "/palisade-runtimes.toml" : DefaultContainerdConfig),
                "crio" => (CrioConfigGenerator.Generate(options), "/etc/crio/crio.conf.d/50-palisade-runtimes.conf"),
                "runsc" => (RunscSideFile.Generate(options), RunscSideFile.PathOf(options)),
                _ => (RuntimeClassGenerator.ToYaml(RuntimeClassGenerator.Generate(options, new RuntimeClassOptions
                {
                    NodeSelector = ParseSelector(parse.GetValue(selector) ?? []),
                    TolerationKey = parse.GetValue(toleration),
                })), "runtimeclasses.yaml"),
            };
            await ReportSink.WriteAsync(output, console.Out, s =>
            {
                if (parse.GetValue(common.Format) == "json")
                {
                    using var json = ReportJson.CreateWriter(s);
                    json.WriteStartObject();
                    json.WriteString("target", what);
                    json.WriteString("path", path);
                    json.WriteString("content", content);
                    json.WriteEndObject();
                }
                else
                {
                    // Standard output gets its final newline from the sink; a file needs its own.
                    s.Write(Encoding.UTF8.GetBytes(content.TrimEnd('\n') + (output is null ? "" : "\n")));
                }
            }).ConfigureAwait(false);
            if (isDropIn)
            {
                await console.Error.WriteLineAsync($"palisade: a drop-in: put it in {ContainerdConfigGenerator.DropInFolder}/ and add {ContainerdConfigGenerator.ImportLine(ContainerdConfigGenerator.DropInFolder)} at the top of {DefaultContainerdConfig} (before any table), then restart containerd").ConfigureAwait(false);
            }

            if (what == "runsc" && output is not null && options.RunscShim == RunscShim.Runc && OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(output.FullName, (UnixFileMode)0b111_101_101);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task InstallAsync(CliConsole console, NodeConfigOptions options, bool force)
    {
        IReadOnlyList<InstalledFile> done;
        try
        {
            done = NodeInstaller.Install(RunscSideFile.InstallFiles(options), NodeInstaller.AdapterNextToPalisade(), force, TimeProvider.System);
        }
        catch (InstallRefusedException e)
        {
            throw new UsageException(e.Message);
        }

        foreach (var file in done)
        {
            await console.Error.WriteLineAsync($"palisade: {file.Action} {file.Path}{(file.Backup is null ? "" : $" (the old file is in {file.Backup})")}").ConfigureAwait(false);
        }
    }

    private static async Task<int> MergeAsync(CliConsole console, FileInfo file, string existing, NodeConfigOptions options, FileInfo? output, bool force)
    {
        var result = ContainerdConfigMerger.Merge(existing, file.ToString(), options);
        if (result.Problem is { } problem)
        {
            throw new UsageException(problem.ToString());
        }

        string destination;
        string? backup = null;
        if (output is not null)
        {
            ReportSink.EnsureWritable(output, force, [file.FullName]);
            destination = output.FullName;
        }
        else
        {
            if (!force)
            {
                throw new UsageException($"{file}: --merge edits the file in place only with --force (a backup is written first); or give --output NEW");
            }

            destination = ReportSink.Resolve(file.FullName);
            backup = ReportSink.Backup(destination);
        }

        ReportSink.WriteFileAtomically(destination, s => s.Write(Encoding.UTF8.GetBytes(result.Text!)));
        var summary = result.AddedTables.Count == 0 && result.ChangedKeys.Count == 0
            ? "already up to date, nothing changed"
            : string.Create(CultureInfo.InvariantCulture, $"added {result.AddedTables.Count} table(s), set {result.ChangedKeys.Count} key(s) in existing tables");
        await console.Error.WriteLineAsync($"palisade: merged into {destination}: {summary}{(backup is null ? "" : $"; backup {backup}")}; restart containerd to apply").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static Command Doctor(CliConsole console)
    {
        var containerd = new Option<FileInfo?>("--containerd-config") { Description = $"containerd config to check (default {DefaultContainerdConfig} when it exists)." };
        var crio = new Option<FileInfo?>("--crio-config") { Description = "CRI-O config or drop-in to check." };
        var manifests = new Option<string[]>("--manifests") { Description = "Manifests whose RuntimeClass handlers must be configured on this node (files or folders)." };
        var noHost = new Option<bool>("--config-only") { Description = "Check the given files only, not this host's runtimes and kernel." };
        var common = new CommonOptions("text", "json");
        var command = new Command("doctor", "What this node can run and why not: runtimes, shims, kernel features, containerd / CRI-O config traps, RuntimeClass handlers.")
        {
            containerd, crio, manifests, noHost,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var output = parse.GetValue(common.Output);
            var containerdFile = parse.GetValue(containerd) ?? (File.Exists(DefaultContainerdConfig) ? new FileInfo(DefaultContainerdConfig) : null);
            var crioFile = parse.GetValue(crio);
            var manifestPaths = parse.GetValue(manifests) ?? [];
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), [.. new[] { containerdFile?.FullName, crioFile?.FullName }.OfType<string>(), .. manifestPaths]);
            var diagnosis = NodeDoctor.Diagnose(new NodeDoctorInput
            {
                Host = parse.GetValue(noHost) ? null : await NodeHostProbe.GatherAsync(cancel).ConfigureAwait(false),
                View = NodeHostProbe.View(),
                Containerd = containerdFile is null ? null : new NodeConfigFile(containerdFile.ToString(), ReadInput(containerdFile)),
                Crio = crioFile is null ? null : new NodeConfigFile(crioFile.ToString(), ReadInput(crioFile)),
                Manifests = manifestPaths.Length == 0 ? null : ManifestLoader.Load(manifestPaths),
            });
            if (diagnosis.Problem is { } problem)
            {
                throw new UsageException(problem);
            }

            var ordered = diagnosis.Findings.ToList();
            if (parse.GetValue(common.Format) == "json")
            {
                await ReportSink.WriteAsync(output, console.Out, s => WriteFindingsJson(ordered, s)).ConfigureAwait(false);
            }
            else
            {
                await TerminalStyle.WriteTextAsync(console, output, writer => WriteFindingsText(ordered, writer)).ConfigureAwait(false);
            }

            return diagnosis.HasErrors ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(CliConsole console)
    {
        var address = new Option<string>("--containerd-address") { Description = "containerd's socket.", DefaultValueFactory = _ => "/run/containerd/containerd.sock" };
        var handler = new Option<string?>("--handler") { Description = "Handlers to try, comma-separated (default: every handler containerd reports)." };
        var common = new CommonOptions("text", "json");
        var command = new Command("verify", "Prove each runtime handler of a running containerd works as the kubelet needs it: a pod's lifecycle through the CRI API (logs, exit codes, exec, stop, restart, remove), each step timed, and the kernel the pod sees.")
        {
            address, handler,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var output = parse.GetValue(common.Output);
            ReportSink.EnsureWritable(output, parse.GetValue(common.Force), []);
            var handlers = (parse.GetValue(handler) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var report = await LiveProgress.RunAsync(console, LiveProgress.Quiet(parse), "node verify", live =>
                NodeVerifier.VerifyAsync(parse.GetValue(address)!, handlers, cancel, new VerifySteps(live))).ConfigureAwait(false);
            if (parse.GetValue(common.Format) == "json")
            {
                await ReportSink.WriteAsync(output, console.Out, s => JsonSerializer.Serialize(s, report, VerifyJson.Options)).ConfigureAwait(false);
            }
            else
            {
                await TerminalStyle.WriteTextAsync(console, output, writer => WriteVerifyText(report, writer)).ConfigureAwait(false);
            }

            return report.Passed ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return command;
    }

    private static string ReadInput(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new UsageException($"{file}: no such file");
        }

        return File.ReadAllText(file.FullName);
    }

    private static List<NodeRuntime> ParseRuntimes(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => name switch
        {
            "runc" => NodeRuntime.Runc,
            "runsc" or "gvisor" => NodeRuntime.Runsc,
            "kata" => NodeRuntime.Kata,
            _ => throw new UsageException($"--runtime: unknown runtime \"{name}\" (use runc, runsc, kata)"),
        })];

    private static Dictionary<string, string> ParseSelector(string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(
            p => p.Length == 2 && p[0].Length > 0 ? p[0] : throw new UsageException($"--node-selector: expected KEY=VALUE, got \"{string.Join('=', p)}\""),
            p => p[1],
            StringComparer.Ordinal);

    private static void WriteFindingsText(List<NodeFinding> findings, TextWriter w)
    {
        foreach (var f in findings)
        {
            var severity = f.Severity.ToString().ToUpperInvariant();
            if (f.Severity == FindingSeverity.Info)
            {
                w.WriteLine($"info     {f.What}");
                continue;
            }

            w.WriteLine($"{severity,-8} {f.What}{(f.Source is null ? "" : $"  [{f.Source}]")}");
            w.WriteLine($"         why: {f.Why}");
            w.WriteLine($"         fix: {f.Fix}");
        }

        var errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        var warnings = findings.Count(f => f.Severity == FindingSeverity.Warning);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{errors} error(s), {warnings} warning(s)"));
    }

    private static void WriteFindingsJson(List<NodeFinding> findings, Stream s)
    {
        using var w = ReportJson.CreateWriter(s);
        w.WriteStartObject();
        w.WriteStartArray("findings");
        foreach (var f in findings)
        {
            w.WriteStartObject();
            w.WriteString("severity", f.Severity.ToString().ToLowerInvariant());
            w.WriteString("code", f.Code);
            w.WriteString("what", f.What);
            w.WriteString("why", f.Why);
            w.WriteString("fix", f.Fix);
            w.WriteString("source", f.Source);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("summary");
        w.WriteNumber("errors", findings.Count(f => f.Severity == FindingSeverity.Error));
        w.WriteNumber("warnings", findings.Count(f => f.Severity == FindingSeverity.Warning));
        w.WriteNumber("info", findings.Count(f => f.Severity == FindingSeverity.Info));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteVerifyText(VerifyReport report, TextWriter w)
    {
        w.WriteLine($"{report.Runtime ?? "no CRI runtime"} at {report.Socket}; host kernel {report.HostKernel}{(report.Network is null ? "" : $"; probe pods on the {report.Network}")}");
        if (report.CriProblem is not null)
        {
            w.WriteLine($"FAIL  {report.CriProblem}");
            return;
        }

        if (report.Kubelet is not null)
        {
            w.WriteLine($"note: {report.Kubelet}");
        }

        var width = report.Handlers.Max(h => h.Handler.Length);
        foreach (var h in report.Handlers)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(h.Passed ? "PASS" : "FAIL")}  {h.Handler.PadRight(width)}  {h.RuntimeType}  expected {h.Expected} kernel, uname -r: {h.KernelRelease ?? "-"}  ({h.Seconds:0.0} s)"));
            foreach (var step in h.Steps)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {(step.Passed ? "ok  " : "FAIL")}  {step.Name,-28} {step.Seconds,6:0.00} s  {step.Detail}"));
            }

            w.WriteLine($"      {h.Detail}");
            if (h.Note is not null)
            {
                w.WriteLine($"      note: {h.Note}");
            }
        }

        w.WriteLine(report.ImportedImages.Count == 0
            ? "images: the probe images were already present; nothing imported"
            : $"images: imported {string.Join(", ", report.ImportedImages)} into containerd namespace {NodeVerifier.CriNamespace} (built locally from busybox-static) and removed them again");
        var passed = report.Handlers.Count(h => h.Passed);
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passed} of {report.Handlers.Count} handler(s) verified"));
    }

    private sealed class VerifySteps(IProgress<ProgressUpdate> live) : IProgress<VerifyProgress>
    {
        public void Report(VerifyProgress value) => live.Report(new ProgressUpdate(value.Step, value.Total, value.Message));
    }
}

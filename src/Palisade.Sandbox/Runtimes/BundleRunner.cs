using System.Diagnostics;
using System.Text.Json;

namespace Palisade.Sandbox.Runtimes;

/// <summary>
/// Runs an OCI bundle (config.json + rootfs/) once under runc, runsc or natively, optionally recording syscalls,
/// and always leaves no container, state folder or process behind.
/// </summary>
public sealed class BundleRunner
{
    private static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(3);

    private readonly TimeProvider time;
    private string? bestPlatform;

    /// <summary>Creates a runner on the system clock.</summary>
    public BundleRunner()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Creates a runner; <paramref name="time"/> drives the timeout and the wall-time measurement.</summary>
    public BundleRunner(TimeProvider time) => this.time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>
    /// Runs the bundle. A timeout is a result (<see cref="RunResult.TimedOut"/>); cancelling <paramref name="ct"/>
    /// kills and cleans up exactly like a timeout, then throws <see cref="OperationCanceledException"/>.
    /// A missing binary throws <see cref="EnvironmentProblemException"/> naming the fix;
    /// <see cref="RunOptions.Network"/> = true throws <see cref="NotSupportedException"/> (not built yet).
    /// </summary>
    public async Task<RunResult> RunAsync(string bundleDir, RuntimeKind runtime, RunOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(bundleDir);
        var bundle = Path.GetFullPath(bundleDir);
        if (!File.Exists(Path.Combine(bundle, "config.json")))
        {
            throw new ArgumentException($"{bundle} is not an OCI bundle: config.json is missing.", nameof(bundleDir));
        }

        if (options.Network)
        {
            // Not built yet: runs get no network (runsc --network=none; runc keeps the bundle's empty network namespace).
            throw new NotSupportedException("Runs with network access are not supported yet; set RunOptions.Network to false.");
        }

        ct.ThrowIfCancellationRequested();
        // Fail on a missing binary before anything is created on disk.
        _ = runtime switch
        {
            RuntimeKind.Runc => RuntimeProbe.Require("runc"),
            RuntimeKind.Runsc => RuntimeProbe.Require("runsc"),
            _ => string.Empty,
        };
        if (options.CaptureSyscalls && runtime != RuntimeKind.Runsc)
        {
            RuntimeProbe.Require("strace");
        }

        var id = "palisade-" + Guid.NewGuid().ToString("N")[..12];
        string? workDirectory = null;
        if (options.CaptureSyscalls)
        {
            // The trace files are the output of the run, so an automatic work folder is kept for the caller.
            workDirectory = Path.GetFullPath(options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "palisade-run-" + id));
            Directory.CreateDirectory(workDirectory);
        }

        var plan = runtime switch
        {
            RuntimeKind.Runc => PlanRunc(bundle, id, options, workDirectory),
            RuntimeKind.Runsc => await PlanRunscAsync(bundle, id, options, workDirectory, ct).ConfigureAwait(false),
            RuntimeKind.Native => PlanNative(bundle, options, workDirectory),
            _ => throw new ArgumentOutOfRangeException(nameof(runtime), runtime, "Unknown runtime."),
        };

        return await ExecuteAsync(runtime, plan, id, options, ct).ConfigureAwait(false);
    }

    private static LaunchPlan PlanRunc(string bundle, string id, RunOptions options, string? workDirectory)
    {
        var runc = RuntimeProbe.Require("runc");
        var stateRoot = NewStateRoot(id);
        // The bundle's own namespaces apply; runc spec's default has a fresh network namespace with only loopback.
        string[] runArguments = ["--root", stateRoot, "run", "--bundle", bundle, id];
        var plan = new LaunchPlan(runc, runArguments, null, comm => !comm.StartsWith("runc", StringComparison.Ordinal) && comm != "strace")
        {
            RuntimeBinary = runc,
            StateRoot = stateRoot,
        };
        return options.CaptureSyscalls ? WrapInStrace(plan, workDirectory!) : plan;
    }

    private async Task<LaunchPlan> PlanRunscAsync(string bundle, string id, RunOptions options, string? workDirectory, CancellationToken ct)
    {
        var runsc = RuntimeProbe.Require("runsc");
        var platform = options.RunscPlatform;
        if (platform is null)
        {
            platform = bestPlatform ??= await RuntimeProbe.BestRunscPlatformAsync(ct).ConfigureAwait(false);
        }

        var stateRoot = NewStateRoot(id);
        // Found by experiment on this host (root, cgroup v1, runsc 20221219): no --ignore-cgroups, --rootless or
        // --TESTONLY-unsafe-nonroot is needed; root can create the sandbox cgroup and runsc removes it on delete.
        var arguments = new List<string> { "--root", stateRoot, "--network=none", "--platform=" + platform };
        if (options.EnforceOciSeccomp)
        {
            // runsc ignores the bundle's linux.seccomp unless asked; with the flag the sandbox enforces it itself.
            arguments.Add("--oci-seccomp");
        }

        string? logDirectory = null;
        if (options.CaptureSyscalls)
        {
            // A trailing slash makes runsc write one file per command (run, gofer, boot) into the folder.
            logDirectory = Path.Combine(workDirectory!, "runsc-logs");
            Directory.CreateDirectory(logDirectory);
            arguments.AddRange(["--debug", "--strace", "--debug-log=" + logDirectory + "/"]);
        }

        arguments.AddRange(["run", "--bundle", bundle, id]);
        return new LaunchPlan(runsc, arguments, platform, comm => comm != "strace")
        {
            RuntimeBinary = runsc,
            StateRoot = stateRoot,
            RunscLogDirectory = logDirectory,
        };
    }

    private static LaunchPlan PlanNative(string bundle, RunOptions options, string? workDirectory)
    {
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(bundle, "config.json")));
        if (!config.RootElement.TryGetProperty("process", out var process)
            || !process.TryGetProperty("args", out var argsElement)
            || argsElement.ValueKind != JsonValueKind.Array
            || argsElement.GetArrayLength() == 0)
        {
            throw new ArgumentException($"{bundle}/config.json has no process.args to run natively.", nameof(bundle));
        }

        var args = argsElement.EnumerateArray().Select(a => a.GetString() ?? string.Empty).ToList();
        var environment = new List<KeyValuePair<string, string>>();
        if (process.TryGetProperty("env", out var env) && env.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in env.EnumerateArray())
            {
                var text = entry.GetString() ?? string.Empty;
                var equals = text.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    environment.Add(new(text[..equals], text[(equals + 1)..]));
                }
            }
        }

        var cwd = process.TryGetProperty("cwd", out var cwdElement) ? cwdElement.GetString() : null;
        var plan = new LaunchPlan(args[0], args.Skip(1).ToList(), null, comm => comm != "strace")
        {
            Environment = environment,
            WorkingDirectory = cwd is not null && Directory.Exists(cwd) ? cwd : null,
        };
        return options.CaptureSyscalls ? WrapInStrace(plan, workDirectory!) : plan;
    }

    /// <summary>strace 6.1: -f follows forks (into runc init and the container), -qq drops attach/exit notices.</summary>
    private static LaunchPlan WrapInStrace(LaunchPlan plan, string workDirectory)
    {
        var strace = RuntimeProbe.Require("strace");
        var output = Path.Combine(workDirectory, "strace.txt");
        var arguments = new List<string> { "-f", "-qq", "-o", output, "--", plan.FileName };
        arguments.AddRange(plan.Arguments);
        return plan with { FileName = strace, Arguments = arguments, StraceFile = output };
    }

    /// <summary>The private runc/runsc <c>--root</c> folder of a run; it exists only while the run does.</summary>
    internal static string StateRootFor(string containerId) => Path.Combine(Path.GetTempPath(), "palisade-state-" + containerId);

    private static string NewStateRoot(string id)
    {
        var root = StateRootFor(id);
        if (OperatingSystem.IsLinux())
        {
            Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        else
        {
            Directory.CreateDirectory(root);
        }

        return root;
    }

    private async Task<RunResult> ExecuteAsync(RuntimeKind runtime, LaunchPlan plan, string id, RunOptions options, CancellationToken ct)
    {
        var start = new ChildProcessStart(plan.FileName, plan.Arguments)
        {
            WorkingDirectory = plan.WorkingDirectory,
            Environment = plan.Environment,
            OutputLimit = options.OutputLimitBytes,
        };
        var started = time.GetTimestamp();
        TimeSpan wallTime;
        bool timedOut = false;
        long? peakMemory;
        long? peakProportional;
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(start);
        }
        catch
        {
            await CleanUpAsync(plan, id).ConfigureAwait(false);
            throw;
        }

        using var finished = process;
        try
        {
            await using var sampler = PeakMemorySampler.Start(process.Id, plan.CountsForMemory, rootInProportional: plan.RuntimeBinary is null);
            using var timeout = new CancellationTokenSource(options.Timeout, time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            try
            {
                await process.WaitForExitAsync(either.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = !ct.IsCancellationRequested;
                await StopAsync(plan, id, process).ConfigureAwait(false);
            }

            wallTime = time.GetElapsedTime(started);
            peakMemory = await sampler.StopAsync().ConfigureAwait(false);
            peakProportional = sampler.PeakProportionalBytes;
        }
        finally
        {
            if (!process.HasExited)
            {
                await StopAsync(plan, id, process).ConfigureAwait(false);
            }

            await CleanUpAsync(plan, id).ConfigureAwait(false);
        }

        // Cancellation is not an outcome: the caller asked to stop, so after the clean-up it is reported as such.
        ct.ThrowIfCancellationRequested();
        var output = await finished.Stdout.ConfigureAwait(false);
        var error = await finished.Stderr.ConfigureAwait(false);
        return new RunResult(
            runtime,
            plan.Platform,
            timedOut ? null : finished.ExitCode,
            timedOut,
            output.Text,
            error.Text,
            output.Truncated || error.Truncated,
            wallTime,
            peakMemory,
            TraceFiles(plan),
            id,
            peakProportional);
    }

    /// <summary>Kills the container through its runtime first (so runsc's sandbox and gofer go too), then the tree.</summary>
    private static async Task StopAsync(LaunchPlan plan, string id, ChildProcess process)
    {
        if (plan.RuntimeBinary is { } runtime && plan.StateRoot is { } root)
        {
            // Fails harmlessly when the container is not yet created or already gone.
            await ToolCommand.RunAsync(runtime, ["--root", root, "kill", id, "KILL"], HelperTimeout, CancellationToken.None).ConfigureAwait(false);
            if (await process.ExitsWithinAsync(ExitGrace).ConfigureAwait(false))
            {
                return;
            }
        }

        await process.KillTreeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the container, removes the private state root and makes sure no process carrying the container id
    /// survives (runsc's gofer and sandbox are re-parented away from the run process tree when it dies).
    /// </summary>
    private static async Task CleanUpAsync(LaunchPlan plan, string id)
    {
        if (plan.RuntimeBinary is { } runtime && plan.StateRoot is { } root)
        {
            // runc spells it -f, runsc -force; runsc's Go flag parser also accepts --force, runc does not accept -force.
            var force = runtime.EndsWith("runsc", StringComparison.Ordinal) ? "-force" : "-f";
            await ToolCommand.RunAsync(runtime, ["--root", root, "delete", force, id], HelperTimeout, CancellationToken.None).ConfigureAwait(false);
            await KillLeftoversAsync(id).ConfigureAwait(false);
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Already gone.
            }
        }
    }

    private static async Task KillLeftoversAsync(string id)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var leftovers = ProcFs.PidsWithCommandLineContaining(id);
            if (leftovers.Count == 0)
            {
                return;
            }

            // After 1.5 s of waiting for them to exit by themselves, kill them: they carry our unique id, so they are ours.
            if (attempt >= 30)
            {
                foreach (var pid in leftovers)
                {
                    try
                    {
                        using var leftover = Process.GetProcessById(pid);
                        leftover.Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                        // Exited meanwhile.
                    }
                }
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"Processes of container {id} survived SIGKILL: {string.Join(", ", ProcFs.PidsWithCommandLineContaining(id))}.");
    }

    private static List<string> TraceFiles(LaunchPlan plan)
    {
        var files = new List<string>();
        if (plan.StraceFile is { } strace && File.Exists(strace))
        {
            files.Add(strace);
        }

        if (plan.RunscLogDirectory is { } logs && Directory.Exists(logs))
        {
            files.AddRange(Directory.GetFiles(logs).Order(StringComparer.Ordinal));
        }

        return files;
    }
}

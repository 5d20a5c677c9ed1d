using System.Diagnostics;
using System.Globalization;
using System.Text;
using Grpc.Core;
using Palisade.Sandbox.Node.Cri;

namespace Palisade.Sandbox.Node;

/// <summary>
/// What the kubelet does with a pod, through the CRI, one handler at a time: a sandbox; a container that prints to
/// stdout and stderr and exits with a chosen code (EXITED with that code, both lines in its CRI log file); a
/// long-running container (RUNNING, exec into it, StopContainer within a bound); the first container started again in
/// the same sandbox; RemoveContainer, StopPodSandbox, RemovePodSandbox within bounds. Every step is timed; the first
/// failure ends the run. Nothing is cleaned up here: the caller reports first, then cleans up.
/// </summary>
internal sealed class PodLifecycleProbe(CriConnection cri, string handler, bool podNetwork, string logDirectory, bool kubelet, Action<string>? starting = null)
{
    /// <summary>The exit code the exiting container ends with.</summary>
    public const int ChosenExitCode = 3;

    /// <summary>Lines the exiting container prints.</summary>
    public const string StdoutLine = "palisade-verify stdout line";

    /// <summary>Lines the exiting container prints.</summary>
    public const string StderrLine = "palisade-verify stderr line";

    /// <summary>How long a start, stop or remove may take before it counts as hung (the kubelet waits 2 minutes).</summary>
    public static readonly TimeSpan CallBound = TimeSpan.FromSeconds(30);

    /// <summary>How long an exited container may take to be reported EXITED.</summary>
    public static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(20);

    private readonly List<VerifyStep> steps = [];
    private PodSandboxConfig? sandboxConfig;

    public IReadOnlyList<VerifyStep> Steps => steps;

    public string? SandboxId { get; private set; }

    public List<string> ContainerIds { get; } = [];

    /// <summary>What <c>uname -r</c> printed in the long-running container, or null.</summary>
    public string? KernelRelease { get; private set; }

    /// <summary>Runs the steps; false at the first failing one.</summary>
    public async Task<bool> RunAsync(string probeNamespace, CancellationToken ct)
    {
        sandboxConfig = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "palisade-verify-" + handler, Uid = Guid.NewGuid().ToString("N"), Namespace = probeNamespace },
            Hostname = podNetwork ? "palisade-verify" : "",
            LogDirectory = logDirectory,
            Linux = new LinuxPodSandboxConfig { SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = podNetwork ? NamespaceMode.Pod : NamespaceMode.Node } } },
        };
        sandboxConfig.Labels["app.kubernetes.io/managed-by"] = "palisade";

        return await Step("RunPodSandbox", async () =>
            {
                SandboxId = (await cri.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig, RuntimeHandler = handler }, deadline: Deadline(CallBound), cancellationToken: ct)).PodSandboxId;
                return "sandbox " + Short(SandboxId);
            }).ConfigureAwait(false)
            && (!podNetwork || await Step("pod network", () => PodAddressAsync(ct)).ConfigureAwait(false))
            && await Step($"container exits {ChosenExitCode}", () => ExitsAsync(0, ct)).ConfigureAwait(false)
            && await Step("CRI log file", () => Task.FromResult(ReadExitingContainersLog())).ConfigureAwait(false)
            && await Step("long-running container", () => SleeperAsync(ct)).ConfigureAwait(false)
            && await Step("exec uname -r", () => ExecAsync(ct)).ConfigureAwait(false)
            && await Step("StopContainer", () => StopAsync(ContainerIds[1], ct)).ConfigureAwait(false)
            && await Step("restart in the same sandbox", () => ExitsAsync(1, ct)).ConfigureAwait(false)
            && await Step("RemoveContainer", () => RemoveContainersAsync(ct)).ConfigureAwait(false)
            && await Step("StopPodSandbox", async () =>
            {
                await cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = SandboxId }, deadline: Deadline(CallBound), cancellationToken: ct);
                return "stopped";
            }).ConfigureAwait(false)
            && await Step("RemovePodSandbox", async () =>
            {
                await cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = SandboxId }, deadline: Deadline(CallBound), cancellationToken: ct);
                SandboxId = null;
                return "removed";
            }).ConfigureAwait(false);
    }

    /// <summary>How many steps a run has when every one passes.</summary>
    public static int StepCount(bool podNetwork) => podNetwork ? 11 : 10;

    private async Task<bool> Step(string name, Func<Task<string>> action)
    {
        starting?.Invoke(name);
        var clock = Stopwatch.StartNew();
        try
        {
            var detail = await action().ConfigureAwait(false);
            steps.Add(new VerifyStep(name, true, clock.Elapsed.TotalSeconds, detail));
            return true;
        }
        catch (RpcException e)
        {
            var what = e.StatusCode switch
            {
                StatusCode.DeadlineExceeded => $"no answer within {CallBound.TotalSeconds:0} s (the call hangs)",
                StatusCode.NotFound when kubelet => e.Status.Detail + " (a kubelet runs on this node and removes sandboxes it did not create: it took the probe pod away, this is not the handler's fault)",
                _ => e.Status.Detail,
            };
            steps.Add(new VerifyStep(name, false, clock.Elapsed.TotalSeconds, $"{e.StatusCode}: {what}"));
            return false;
        }
        catch (StepFailedException e)
        {
            steps.Add(new VerifyStep(name, false, clock.Elapsed.TotalSeconds, e.Message));
            return false;
        }
    }

    private async Task<string> PodAddressAsync(CancellationToken ct)
    {
        var status = await cri.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = SandboxId }, deadline: Deadline(CallBound), cancellationToken: ct);
        var ip = status.Status?.Network?.Ip;
        return string.IsNullOrEmpty(ip)
            ? throw new StepFailedException("the CNI config gave the pod no address: it is not a pod network (a loopback-only config, or a plugin that set up no interface)")
            : "pod address " + ip;
    }

    private async Task<string> ExitsAsync(uint attempt, CancellationToken ct)
    {
        var id = await CreateAndStartAsync("exits", attempt, ["/bin/sh", "-c", $"echo '{StdoutLine}'; echo '{StderrLine}' >&2; exit {ChosenExitCode}"], ct).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = (await cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, deadline: Deadline(CallBound), cancellationToken: ct)).Status;
            if (status.State == ContainerState.ContainerExited)
            {
                return status.ExitCode == ChosenExitCode
                    ? string.Create(CultureInfo.InvariantCulture, $"EXITED with code {status.ExitCode} after {clock.Elapsed.TotalSeconds:0.00} s (attempt {attempt})")
                    : throw new StepFailedException($"EXITED with code {status.ExitCode}, not {ChosenExitCode}: the runtime reports another process's exit ({status.Reason} {status.Message})".TrimEnd());
            }

            if (clock.Elapsed > ExitBound)
            {
                throw new StepFailedException($"still {status.State} {ExitBound.TotalSeconds:0} s after it exited: the runtime never reports the container's exit (the pod would never show Completed)");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(false);
        }
    }

    private string ReadExitingContainersLog()
    {
        var path = Path.Combine(logDirectory, LogName("exits", 0));
        var text = File.Exists(path) ? File.ReadAllText(path) : "";
        var stdout = text.Contains(" stdout F " + StdoutLine, StringComparison.Ordinal);
        var stderr = text.Contains(" stderr F " + StderrLine, StringComparison.Ordinal);
        return (stdout, stderr) switch
        {
            (true, true) => $"both lines in {path}",
            _ when text.Length == 0 => throw new StepFailedException($"{path} is empty: the container's output never reached the shim (kubectl logs would show nothing)"),
            _ => throw new StepFailedException($"{path} lacks the {(stdout ? "stderr" : "stdout")} line"),
        };
    }

    private async Task<string> SleeperAsync(CancellationToken ct)
    {
        var id = await CreateAndStartAsync("sleeper", 0, ["/bin/sleep", "3600"], ct).ConfigureAwait(false);
        var status = (await cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, deadline: Deadline(CallBound), cancellationToken: ct)).Status;
        return status.State == ContainerState.ContainerRunning ? "RUNNING" : throw new StepFailedException($"{status.State} right after StartContainer, not RUNNING (exit code {status.ExitCode})");
    }

    private async Task<string> ExecAsync(CancellationToken ct)
    {
        var exec = await cri.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = ContainerIds[1], Cmd = { "/bin/uname", "-r" }, Timeout = (long)CallBound.TotalSeconds }, deadline: Deadline(CallBound + CallBound), cancellationToken: ct);
        if (exec.ExitCode != 0)
        {
            throw new StepFailedException($"uname -r exited {exec.ExitCode}: {Encoding.UTF8.GetString(exec.Stderr.Span).Trim()}");
        }

        KernelRelease = Encoding.UTF8.GetString(exec.Stdout.Span).Trim();
        return "uname -r: " + KernelRelease;
    }

    private async Task<string> StopAsync(string id, CancellationToken ct)
    {
        await cri.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = 2 }, deadline: Deadline(CallBound), cancellationToken: ct);
        var status = (await cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id }, deadline: Deadline(CallBound), cancellationToken: ct)).Status;
        return status.State == ContainerState.ContainerExited
            ? string.Create(CultureInfo.InvariantCulture, $"EXITED with code {status.ExitCode}")
            : throw new StepFailedException($"StopContainer returned but the container is {status.State}");
    }

    private async Task<string> RemoveContainersAsync(CancellationToken ct)
    {
        foreach (var id in ContainerIds.ToList())
        {
            await cri.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }, deadline: Deadline(CallBound), cancellationToken: ct);
            ContainerIds.Remove(id);
        }

        return "3 containers removed";
    }

    private async Task<string> CreateAndStartAsync(string name, uint attempt, string[] command, CancellationToken ct)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name, Attempt = attempt },
            Image = new ImageSpec { Image = ProbeImages.ProbeReference },
            LogPath = LogName(name, attempt),
        };
        config.Command.AddRange(command);
        var id = (await cri.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = SandboxId, Config = config, SandboxConfig = sandboxConfig }, deadline: Deadline(CallBound), cancellationToken: ct)).ContainerId;
        ContainerIds.Add(id);
        await cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, deadline: Deadline(CallBound), cancellationToken: ct);
        return id;
    }

    private static string LogName(string container, uint attempt) => string.Create(CultureInfo.InvariantCulture, $"{container}_{attempt}.log");

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;

    private static DateTime Deadline(TimeSpan bound) => TimeProvider.System.GetUtcNow().UtcDateTime + bound;

    private sealed class StepFailedException(string message) : Exception(message);
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Palisade.Sandbox.Node.Cri;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Node;

/// <summary>
/// Proves that each runtime handler of a running containerd works, through its CRI API: a pod sandbox and a probe
/// container per handler, <c>uname -r</c> run inside (gVisor answers with its own synthetic kernel release, runc with
/// the host's), then both removed. Images missing from the CRI's <c>k8s.io</c> namespace are built locally,
/// imported with <c>ctr</c>, and removed again at the end.
/// </summary>
public static class NodeVerifier
{
    /// <summary>The containerd namespace the CRI plugin keeps its images and containers in.</summary>
    public const string CriNamespace = "k8s.io";

    private const string ProbeNamespace = "palisade-verify";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs the probe pod with every handler in <paramref name="handlers"/> (all configured ones when empty).</summary>
    /// <exception cref="EnvironmentProblemException">The socket does not exist or nothing answers on it; ctr or busybox-static is missing.</exception>
    public static async Task<VerifyReport> VerifyAsync(string socket, IReadOnlyList<string> handlers, CancellationToken ct)
    {
        if (!File.Exists(socket))
        {
            throw new EnvironmentProblemException(new EnvironmentProblem($"{socket}: no such socket; containerd is not running there.", "start containerd (systemctl start containerd) or pass --containerd-address SOCKET"));
        }

        var hostKernel = (await File.ReadAllTextAsync("/proc/sys/kernel/osrelease", ct).ConfigureAwait(false)).Trim();
        using var cri = CriConnection.Open(socket);
        VersionResponse version;
        try
        {
            version = await cri.Runtime.VersionAsync(new VersionRequest { Version = "v1" }, deadline: Deadline(), cancellationToken: ct);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            return new VerifyReport(socket, null, "the endpoint serves no CRI runtime.v1 API: containerd's CRI plugin is not loaded (look for \"failed to load plugin io.containerd.grpc.v1.cri\" in its log; `palisade node doctor --containerd-config FILE` names the cause)", hostKernel, [], []);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            throw new EnvironmentProblemException(new EnvironmentProblem($"{socket}: nothing answers ({e.Status.Detail}).", "start containerd, or run palisade as a user allowed to use its socket (root)"));
        }

        var runtime = $"{version.RuntimeName} {version.RuntimeVersion} (CRI {version.RuntimeApiVersion})";
        var status = await cri.Runtime.StatusAsync(new StatusRequest { Verbose = true }, deadline: Deadline(), cancellationToken: ct);
        var notReady = status.Status.Conditions.FirstOrDefault(c => c.Type == "RuntimeReady" && !c.Status);
        if (notReady is not null)
        {
            return new VerifyReport(socket, runtime, $"runtime not ready: {notReady.Reason} {notReady.Message}".Trim(), hostKernel, [], []);
        }

        // Pods get their own network namespace when the node has CNI set up; otherwise the node's (runc copes; runsc refuses
        // to run its network stack in the root namespace and says so).
        var network = status.Status.Conditions.FirstOrDefault(c => c.Type == "NetworkReady");
        var podNetwork = network is { Status: true };
        var networkText = podNetwork ? "pod network (CNI)" : $"host network (CNI not ready: {network?.Message})";
        var config = CriRuntimeConfig.Parse(status.Info.TryGetValue("config", out var json) ? json : null);
        var wanted = handlers.Count > 0 ? handlers : [.. config.Runtimes.Keys.Order(StringComparer.Ordinal)];
        if (wanted.Count == 0)
        {
            return new VerifyReport(socket, runtime, "containerd reports no runtime handlers in its CRI config", hostKernel, [], []);
        }

        var imported = await ImportMissingImagesAsync(cri, socket, config.SandboxImage, ct).ConfigureAwait(false);
        var results = new List<HandlerVerification>();
        try
        {
            foreach (var handler in wanted)
            {
                results.Add(await VerifyHandlerAsync(cri, handler, config, podNetwork, hostKernel, ct).ConfigureAwait(false));
            }
        }
        finally
        {
            foreach (var image in imported)
            {
                await cri.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = image } }, deadline: Deadline(), cancellationToken: CancellationToken.None);
            }
        }

        return new VerifyReport(socket, runtime, null, hostKernel, results, imported) { Network = networkText };
    }

    /// <summary>docker.io/library/NAME:latest for "NAME", the way CRI names images in ListImages.</summary>
    internal static string Normalize(string reference)
    {
        var slash = reference.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : reference[..slash];
        var named = slash < 0 ? "docker.io/library/" + reference
            : first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" ? reference
            : "docker.io/" + reference;
        var lastPart = named[(named.LastIndexOf('/') + 1)..];
        return lastPart.Contains(':', StringComparison.Ordinal) || named.Contains('@', StringComparison.Ordinal) ? named : named + ":latest";
    }

    private static async Task<List<string>> ImportMissingImagesAsync(CriConnection cri, string socket, string? sandboxImage, CancellationToken ct)
    {
        var images = await cri.Images.ListImagesAsync(new ListImagesRequest(), deadline: Deadline(), cancellationToken: ct);
        var present = images.Images.SelectMany(i => i.RepoTags).ToHashSet(StringComparer.Ordinal);
        var needProbe = !present.Contains(ProbeImages.ProbeReference);
        var pause = sandboxImage is not null && !present.Contains(Normalize(sandboxImage)) ? Normalize(sandboxImage) : null;
        if (!needProbe && pause is null)
        {
            return [];
        }

        var ctr = RuntimeProbe.Require("ctr");
        var folder = Images.TempDirectory.Create(null, "palisade-verify-");
        try
        {
            var archive = Path.Combine(folder, "images.tar");
            await ProbeImages.WriteArchiveAsync(archive, needProbe, pause, ct).ConfigureAwait(false);
            var result = await ToolCommand.RunAsync(ctr, ["--address", socket, "--namespace", CriNamespace, "images", "import", archive], CallTimeout, ct).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new EnvironmentProblemException(new EnvironmentProblem($"ctr images import failed: {result.Stderr.Trim()}", "check that containerd on this socket is healthy (ctr --address SOCKET version)"));
            }
        }
        finally
        {
            Images.TempDirectory.TryDelete(folder);
        }

        return [.. new[] { needProbe ? ProbeImages.ProbeReference : null, pause }.OfType<string>()];
    }

    private static async Task<HandlerVerification> VerifyHandlerAsync(CriConnection cri, string handler, CriRuntimeConfig config, bool podNetwork, string hostKernel, CancellationToken ct)
    {
        var described = config.Runtimes.GetValueOrDefault(handler);
        var runtimeType = described?.ToString() ?? "(not configured)";
        var expected = ExpectedKernel(runtimeType);
        var clock = Stopwatch.StartNew();
        var uid = Guid.NewGuid().ToString("N")[..12];
        var sandboxConfig = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = "palisade-verify-" + handler, Uid = uid, Namespace = ProbeNamespace },
            Hostname = podNetwork ? "palisade-verify" : "",
            Linux = new LinuxPodSandboxConfig { SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Network = podNetwork ? NamespaceMode.Pod : NamespaceMode.Node } } },
        };
        sandboxConfig.Labels["app.kubernetes.io/managed-by"] = "palisade";
        string? sandboxId = null;
        string? containerId = null;
        var step = "RunPodSandbox";
        try
        {
            sandboxId = (await cri.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = sandboxConfig, RuntimeHandler = handler }, deadline: Deadline(), cancellationToken: ct)).PodSandboxId;
            step = "CreateContainer";
            var container = new ContainerConfig
            {
                Metadata = new ContainerMetadata { Name = "probe" },
                Image = new ImageSpec { Image = ProbeImages.ProbeReference },
                Command = { "/bin/sleep", "3600" },
            };
            containerId = (await cri.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = sandboxId, Config = container, SandboxConfig = sandboxConfig }, deadline: Deadline(), cancellationToken: ct)).ContainerId;
            step = "StartContainer";
            await cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = containerId }, deadline: Deadline(), cancellationToken: ct);
            step = "ExecSync uname -r";
            var exec = await cri.Runtime.ExecSyncAsync(new ExecSyncRequest { ContainerId = containerId, Cmd = { "/bin/uname", "-r" }, Timeout = 30 }, deadline: Deadline(), cancellationToken: ct);
            var release = Encoding.UTF8.GetString(exec.Stdout.Span).Trim();
            var seconds = clock.Elapsed.TotalSeconds;
            if (exec.ExitCode != 0)
            {
                return new HandlerVerification(handler, runtimeType, expected, false, null, $"uname -r exited {exec.ExitCode}: {Encoding.UTF8.GetString(exec.Stderr.Span).Trim()}", seconds);
            }

            var sawHost = release == hostKernel;
            var passed = expected == "host" ? sawHost : !sawHost;
            var detail = (expected, sawHost) switch
            {
                ("host", true) => "pod ran; the probe sees the host kernel, as runc should",
                ("host", false) => $"pod ran, but the probe sees kernel {release}, not the host's {hostKernel}: this handler is not plain runc",
                (_, false) => $"pod ran; the probe sees kernel {release}, not the host's {hostKernel}: the {expected} sandbox is in effect",
                _ => $"pod ran, but the probe sees the host kernel {release}: the handler did NOT put it in a {expected} sandbox",
            };
            return new HandlerVerification(handler, runtimeType, expected, passed, release, detail, seconds)
            {
                Note = described is { IsRunscUnderRuncShim: true }
                    ? "runsc runs under containerd's runc shim here (no containerd-shim-runsc-v1 on this node): pods start and run in gVisor, but the shim cannot see a container's exit before its sandbox's, so stopping single containers hangs; install containerd-shim-runsc-v1 for production"
                    : null,
            };
        }
        catch (RpcException e)
        {
            var hint = expected == "VM" && !File.Exists("/dev/kvm") ? " (Kata needs KVM and this host has no /dev/kvm: it cannot run here)"
                : !podNetwork && expected == "gVisor" ? " (the node has no CNI network, so the probe pod used the host network, which runsc refuses: configure CNI and retry)"
                : "";
            return new HandlerVerification(handler, runtimeType, expected, false, null, $"{step} failed: {e.Status.Detail}{hint}", clock.Elapsed.TotalSeconds);
        }
        finally
        {
            if (sandboxId is not null)
            {
                await RemoveSandboxAsync(cri, sandboxId, containerId, described, config.StateDir).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Stop then remove (removing the sandbox removes its containers). runsc under containerd's runc shim reports the
    /// sandbox's pid for every container of the pod, and the shim marks only the first container with that pid as exited,
    /// so a stop would wait forever for the probe container. There the sandbox is killed with the handler's own binary and
    /// its shim ended: containerd then marks every task of that shim exited, and the usual stop and remove work. What the
    /// shim would have cleaned up (runsc's state files, the shim's socket) is removed afterwards.
    /// </summary>
    private static async Task RemoveSandboxAsync(CriConnection cri, string sandboxId, string? containerId, CriHandler? handler, string? criStateDir)
    {
        var stop = new StopPodSandboxRequest { PodSandboxId = sandboxId };
        var remove = new RemovePodSandboxRequest { PodSandboxId = sandboxId };
        if (handler is not { IsRunscUnderRuncShim: true })
        {
            await cri.Runtime.StopPodSandboxAsync(stop, deadline: Deadline(), cancellationToken: CancellationToken.None);
            await cri.Runtime.RemovePodSandboxAsync(remove, deadline: Deadline(), cancellationToken: CancellationToken.None);
            return;
        }

        var root = Path.Combine(handler.Root ?? "/run/containerd/runc", CriNamespace);
        var shimSocket = ShimSocketOf(criStateDir, sandboxId);
        await ToolCommand.RunAsync(handler.BinaryName!, ["--root", root, "kill", sandboxId, "KILL"], CallTimeout, CancellationToken.None).ConfigureAwait(false);
        KillShimOf(sandboxId);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await cri.Runtime.StopPodSandboxAsync(stop, deadline: Deadline(), cancellationToken: CancellationToken.None);
                break;
            }
            catch (RpcException) when (attempt < 10)
            {
                // containerd notices the dead shim within a moment; until then the stop fails.
                await Task.Delay(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
            }
        }

        await cri.Runtime.RemovePodSandboxAsync(remove, deadline: Deadline(), cancellationToken: CancellationToken.None);
        foreach (var id in new[] { containerId, sandboxId }.OfType<string>())
        {
            await ToolCommand.RunAsync(handler.BinaryName!, ["--root", root, "delete", "--force", id], CallTimeout, CancellationToken.None).ConfigureAwait(false);
        }

        if (shimSocket is not null)
        {
            File.Delete(shimSocket);
        }
    }

    /// <summary>The shim's socket, from the <c>address</c> file of the sandbox's task bundle (under containerd's state folder).</summary>
    private static string? ShimSocketOf(string? criStateDir, string sandboxId)
    {
        var state = criStateDir is null ? null : Path.GetDirectoryName(criStateDir);
        var file = state is null ? null : Path.Combine(state, "io.containerd.runtime.v2.task", CriNamespace, sandboxId, "address");
        if (file is null || !File.Exists(file))
        {
            return null;
        }

        var address = File.ReadAllText(file).Trim();
        return address.StartsWith("unix://", StringComparison.Ordinal) ? address["unix://".Length..] : null;
    }

    /// <summary>Kills the containerd-shim process started for <paramref name="sandboxId"/> (its command line carries <c>-id SANDBOX</c>).</summary>
    private static void KillShimOf(string sandboxId)
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                var arguments = File.ReadAllText(Path.Combine(entry, "cmdline")).Split('\0');
                var id = Array.IndexOf(arguments, "-id");
                if (arguments[0].Contains("containerd-shim", StringComparison.Ordinal) && id > 0 && id + 1 < arguments.Length && arguments[id + 1] == sandboxId)
                {
                    using var shim = Process.GetProcessById(pid);
                    shim.Kill();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone already.
            }
        }
    }

    private static string ExpectedKernel(string runtimeType) =>
        runtimeType.Contains("runsc", StringComparison.Ordinal) ? "gVisor"
        : runtimeType.Contains("kata", StringComparison.Ordinal) ? "VM"
        : "host";

    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + CallTimeout;
}

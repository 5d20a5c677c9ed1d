using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Palisade.Sandbox.Node.Cri;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Node;

/// <summary>
/// Proves that each runtime handler of a running containerd works as the kubelet needs it, through its CRI API: the pod
/// lifecycle of <see cref="PodLifecycleProbe"/> per handler, with <c>uname -r</c> run inside (gVisor answers with its own
/// synthetic kernel release, runc with the host's); what a failed run left is cleaned up after the result is taken. Images missing from the CRI's <c>k8s.io</c> namespace are built locally,
/// imported with <c>ctr</c>, and removed again at the end.
/// </summary>
public static class NodeVerifier
{
    /// <summary>The containerd namespace the CRI plugin keeps its images and containers in.</summary>
    public const string CriNamespace = "k8s.io";

    private const string ProbeNamespace = "palisade-verify";
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CleanUpBound = TimeSpan.FromSeconds(15);

    /// <summary>Runs the probe pod with every handler in <paramref name="handlers"/> (all configured ones when empty).</summary>
    /// <exception cref="EnvironmentProblemException">The socket does not exist or nothing answers on it; ctr or busybox-static is missing.</exception>
    /// <param name="progress">Told each step as it starts: the images, then every handler's pod lifecycle steps.</param>
    public static async Task<VerifyReport> VerifyAsync(string socket, IReadOnlyList<string> handlers, CancellationToken ct, IProgress<VerifyProgress>? progress = null)
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

        // Pods get their own network namespace when the node has CNI set up; otherwise the node's.
        var network = status.Status.Conditions.FirstOrDefault(c => c.Type == "NetworkReady");
        var podNetwork = network is { Status: true };
        var networkText = podNetwork ? "pod network (CNI)" : $"host network (CNI not ready: {network?.Message})";
        var config = CriRuntimeConfig.Parse(status.Info.TryGetValue("config", out var json) ? json : null);
        var wanted = handlers.Count > 0 ? handlers : [.. config.Runtimes.Keys.Order(StringComparer.Ordinal)];
        if (wanted.Count == 0)
        {
            return new VerifyReport(socket, runtime, "containerd reports no runtime handlers in its CRI config", hostKernel, [], []);
        }

        var kubelet = KubeletRunning();
        var total = 1 + (wanted.Count * PodLifecycleProbe.StepCount(podNetwork));
        var done = 0;
        progress?.Report(new VerifyProgress(++done, total, "probe and pause images"));
        var imported = await ImportMissingImagesAsync(cri, socket, config.SandboxImage, ct).ConfigureAwait(false);
        var results = new List<HandlerVerification>();
        try
        {
            foreach (var handler in wanted)
            {
                var before = done;
                results.Add(await VerifyHandlerAsync(cri, handler, config, podNetwork, hostKernel, kubelet, step => progress?.Report(new VerifyProgress(++done, total, $"{handler}: {step}")), ct).ConfigureAwait(false));
                done = before + PodLifecycleProbe.StepCount(podNetwork); // a run that stopped early skips the rest
            }
        }
        finally
        {
            foreach (var image in imported)
            {
                await cri.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = image } }, deadline: Deadline(), cancellationToken: CancellationToken.None);
            }
        }

        return new VerifyReport(socket, runtime, null, hostKernel, results, imported)
        {
            Network = networkText,
            Kubelet = kubelet ? "a kubelet runs on this node; the probe pods use namespace " + ProbeNamespace + ", and the kubelet may remove them as orphans while verify runs" : null,
        };
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

    internal static async Task<List<string>> ImportMissingImagesAsync(CriConnection cri, string socket, string? sandboxImage, CancellationToken ct)
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

    private static async Task<HandlerVerification> VerifyHandlerAsync(CriConnection cri, string handler, CriRuntimeConfig config, bool podNetwork, string hostKernel, bool kubelet, Action<string> starting, CancellationToken ct)
    {
        var described = config.Runtimes.GetValueOrDefault(handler);
        var runtimeType = described?.ToString() ?? "(not configured)";
        var expected = ExpectedKernel(runtimeType);
        var clock = Stopwatch.StartNew();
        var logs = Directory.CreateTempSubdirectory("palisade-verify-logs-").FullName;
        var probe = new PodLifecycleProbe(cri, handler, podNetwork, logs, kubelet, starting);
        HandlerVerification result;
        try
        {
            var completed = await probe.RunAsync(ProbeNamespace, ct).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            var release = probe.KernelRelease;
            var sawHost = release == hostKernel;
            var kernelOk = release is not null && (expected == "host" ? sawHost : !sawHost);
            var failed = probe.Steps.FirstOrDefault(s => !s.Passed);
            var detail = failed is not null
                ? $"{failed.Name} failed: {failed.Detail}{Hint(expected, failed)}"
                : (expected, sawHost) switch
                {
                    ("host", true) => "every step passed; the probe sees the host kernel, as runc should",
                    ("host", false) => $"every step passed, but the probe sees kernel {release}, not the host's {hostKernel}: this handler is not plain runc",
                    (_, false) => $"every step passed; the probe sees kernel {release}, not the host's {hostKernel}: the {expected} sandbox is in effect",
                    _ => $"every step passed, but the probe sees the host kernel {release}: the handler did NOT put it in a {expected} sandbox",
                };
            result = new HandlerVerification(handler, runtimeType, expected, completed && kernelOk, release, detail, seconds)
            {
                Steps = probe.Steps,
                Note = Note(described, kubelet, failed),
            };
        }
        finally
        {
            // Only after the result is in: clean-up must not hide a hang from the report.
            if (probe.SandboxId is not null)
            {
                await CleanUpAsync(cri, probe.SandboxId, probe.ContainerIds, described, config.StateDir).ConfigureAwait(false);
            }

            Images.TempDirectory.TryDelete(logs);
        }

        return result;
    }

    private static string Hint(string expected, VerifyStep failed) =>
        failed.Name != "RunPodSandbox" ? ""
        : failed.Detail.Contains("failed to find network info", StringComparison.Ordinal) ? " (the CNI config gives the pod no interface: a loopback-only config is not a pod network; install the cluster's CNI)"
        : expected == "VM" && !File.Exists("/dev/kvm") ? " (Kata needs KVM and this host has no /dev/kvm: it cannot run here)"
        : "";

    private static string? Note(CriHandler? described, bool kubelet, VerifyStep? failed)
    {
        var notes = new List<string>();
        if (described is { IsRunscUnderRuncShim: true, BinaryName: { } binary })
        {
            notes.Add(NodeHostProbe.View().RunsRunscAdapter(binary)
                ? $"runsc runs behind containerd's runc shim through Palisade's runsc adapter ({binary} runs it)"
                : $"runsc runs behind containerd's runc shim without Palisade's runsc adapter ({binary} does not run it): logs, exits, stop and delete fail there; palisade node config runsc --runsc-shim runc --install puts the adapter in place");
        }

        if (kubelet && failed is not null)
        {
            notes.Add("a kubelet runs on this node: it removes sandboxes it did not create as orphans, which can fail a step with NotFound; run verify with the kubelet stopped for a clean result");
        }

        return notes.Count == 0 ? null : string.Join("; ", notes);
    }

    /// <summary>Best-effort removal of what a failed run left: the usual stop and remove, and for runsc under the runc shim the old forced way.</summary>
    private static async Task CleanUpAsync(CriConnection cri, string sandboxId, IReadOnlyList<string> containerIds, CriHandler? handler, string? criStateDir)
    {
        try
        {
            await cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandboxId }, deadline: TimeProvider.System.GetUtcNow().UtcDateTime + CleanUpBound, cancellationToken: CancellationToken.None);
            await cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandboxId }, deadline: TimeProvider.System.GetUtcNow().UtcDateTime + CleanUpBound, cancellationToken: CancellationToken.None);
            return;
        }
        catch (RpcException) when (handler is { IsRunscUnderRuncShim: true })
        {
            await RemoveSandboxAsync(cri, sandboxId, containerIds, handler, criStateDir).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // Reported already; what is left stays for the operator (crictl rmp -f).
        }
    }

    /// <summary>
    /// Stop then remove (removing the sandbox removes its containers). runsc under containerd's runc shim reports the
    /// sandbox's pid for every container of the pod, and the shim marks only the first container with that pid as exited,
    /// so a stop would wait forever for the probe container. There the sandbox is killed with the handler's own binary and
    /// its shim ended: containerd then marks every task of that shim exited, and the usual stop and remove work. What the
    /// shim would have cleaned up (runsc's state files, the shim's socket) is removed afterwards.
    /// </summary>
    private static async Task RemoveSandboxAsync(CriConnection cri, string sandboxId, IReadOnlyList<string> containerIds, CriHandler handler, string? criStateDir)
    {
        var stop = new StopPodSandboxRequest { PodSandboxId = sandboxId };
        var remove = new RemovePodSandboxRequest { PodSandboxId = sandboxId };
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
        foreach (var id in containerIds.Append(sandboxId))
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

    /// <summary>Whether a process named kubelet runs on this host.</summary>
    private static bool KubeletRunning()
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(entry), out _) && File.ReadAllText(Path.Combine(entry, "comm")).Trim() == "kubelet")
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone already.
            }
        }

        return false;
    }

    private static string ExpectedKernel(string runtimeType) =>
        runtimeType.Contains("runsc", StringComparison.Ordinal) ? "gVisor"
        : runtimeType.Contains("kata", StringComparison.Ordinal) ? "VM"
        : "host";

    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + CallTimeout;
}

using System.Diagnostics;
using Palisade.Core.Node;
using Palisade.Sandbox.Node;
using Palisade.Sandbox.Node.Cri;
using Xunit.Abstractions;

namespace Palisade.Sandbox.Tests.Node;

/// <summary>The runsc adapter under the real containerd's runc shim, through the CRI, beside runc as the reference.</summary>
[Collection(ContainerdTests.Name)]
public sealed class RunscAdapterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static readonly NodeConfigOptions Options = new()
    {
        Runtimes = [NodeRuntime.Runc, NodeRuntime.Runsc],
        RunscShim = RunscShim.Runc,
        RunscNetwork = "none",
        RunscAdapterPath = AdapterBuild.Path,
    };

    [Theory]
    [InlineData("runc")]
    [InlineData("runsc")]
    public async Task ExitZeroThenStopAndRemove_ExitedWithZeroAndEveryStopAndRemoveWithinFiveSeconds(string handler)
    {
        await using var pod = await Pod.StartAsync(handler, Options);

        var done = await pod.RunAsync("done", ["/bin/sh", "-c", "echo finished"]);
        var exited = await pod.WaitExitedAsync(done);
        var sleeper = await pod.RunAsync("sleeper", ["/bin/sleep", "3600"]);
        var stop = await Pod.TimeAsync(() => pod.Cri.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = sleeper, Timeout = 2 }).ResponseAsync);
        var stopped = (await pod.Cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = sleeper })).Status;
        var remove = await Pod.TimeAsync(() => pod.Cri.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = sleeper }).ResponseAsync);
        var stopPod = await Pod.TimeAsync(() => pod.Cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = pod.SandboxId }).ResponseAsync);
        var removePod = await Pod.TimeAsync(() => pod.Cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = pod.SandboxId }).ResponseAsync);
        pod.Removed();

        output.WriteLine($"{handler}: sandbox {pod.StartSeconds:0.00} s, stop {stop.TotalSeconds:0.00} s, remove {remove.TotalSeconds:0.00} s, stop pod {stopPod.TotalSeconds:0.00} s, remove pod {removePod.TotalSeconds:0.00} s");
        Assert.Equal(ContainerState.ContainerExited, exited.State);
        Assert.Equal(0, exited.ExitCode);
        Assert.Equal(ContainerState.ContainerExited, stopped.State);
        Assert.All(new[] { stop, remove, stopPod, removePod }, t => Assert.True(t < Bound, $"{t.TotalSeconds:0.00} s"));
    }

    [Fact]
    public async Task Runc_ContainerOverItsMemoryLimit_IsOomKilledWith137()
    {
        await using var pod = await Pod.StartAsync("runc", Options);

        var status = await pod.WaitExitedAsync(await pod.RunAsync("hog", MemoryHog, memoryLimit: 32L << 20));

        output.WriteLine($"runc: exit code {status.ExitCode}, reason {status.Reason}");
        Assert.Equal(ContainerState.ContainerExited, status.State);
        Assert.Equal(137, status.ExitCode);
        Assert.Equal("OOMKilled", status.Reason);
    }

    [Fact]
    public async Task RunscWithAdapter_ContainerMemoryLimit_IsNotEnforcedPerContainerButItsExitIsReported()
    {
        // gVisor 20221219 accounts memory for the whole sandbox (the pod's cgroup, which the kubelet limits), not per
        // container: the same hog that runc kills runs to its end here, and its exit is reported as such.
        await using var pod = await Pod.StartAsync("runsc", Options);

        var status = await pod.WaitExitedAsync(await pod.RunAsync("hog", [.. MemoryHog[..^1], MemoryHog[^1] + "; exit 9"], memoryLimit: 32L << 20));
        var log = await File.ReadAllTextAsync(Path.Combine(pod.LogDirectory, "hog.log"));

        output.WriteLine($"runsc: exit code {status.ExitCode}, reason {status.Reason}");
        Assert.Equal(ContainerState.ContainerExited, status.State);
        Assert.Equal(9, status.ExitCode);
        Assert.Contains("1+0 records out", log, StringComparison.Ordinal);
    }

    // dd allocates its whole block at once: 256 MiB against a 32 MiB limit.
    private static readonly string[] MemoryHog = ["/bin/sh", "-c", "dd if=/dev/zero of=/dev/null bs=256M count=1"];

    /// <summary>A throwaway containerd with one pod sandbox of <c>handler</c>; disposing removes what is left and stops containerd.</summary>
    private sealed class Pod : IAsyncDisposable
    {
        private readonly ContainerdFolder folder;
        private readonly ContainerdDaemon daemon;
        private readonly PodSandboxConfig config;
        private bool removed;

        private Pod(ContainerdFolder folder, ContainerdDaemon daemon, CriConnection cri, PodSandboxConfig config, string sandboxId, double startSeconds)
        {
            this.folder = folder;
            this.daemon = daemon;
            this.config = config;
            Cri = cri;
            SandboxId = sandboxId;
            StartSeconds = startSeconds;
        }

        public CriConnection Cri { get; }

        public string SandboxId { get; }

        public double StartSeconds { get; }

        public string LogDirectory => config.LogDirectory;

        public static async Task<Pod> StartAsync(string handler, NodeConfigOptions options)
        {
            var folder = new ContainerdFolder();
            var daemon = await ThrowawayContainerd.StartAsync(folder.Path, ThrowawayContainerd.Configure(folder.Path, options), CancellationToken.None);
            var cri = CriConnection.Open(daemon.Socket);
            await NodeVerifier.ImportMissingImagesAsync(cri, daemon.Socket, ProbeImages.DefaultPauseReference, CancellationToken.None);
            var config = new PodSandboxConfig
            {
                Metadata = new PodSandboxMetadata { Name = "adapter-test", Uid = Guid.NewGuid().ToString("N"), Namespace = "palisade-test" },
                Hostname = "adapter-test",
                LogDirectory = Directory.CreateDirectory(Path.Combine(folder.Path, "logs")).FullName,
            };
            var clock = Stopwatch.StartNew();
            var id = (await cri.Runtime.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config, RuntimeHandler = handler })).PodSandboxId;
            return new Pod(folder, daemon, cri, config, id, clock.Elapsed.TotalSeconds);
        }

        public async Task<string> RunAsync(string name, string[] command, long memoryLimit = 0)
        {
            var container = new ContainerConfig { Metadata = new ContainerMetadata { Name = name }, Image = new ImageSpec { Image = ProbeImages.ProbeReference }, LogPath = name + ".log" };
            container.Command.AddRange(command);
            if (memoryLimit > 0)
            {
                container.Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources { MemoryLimitInBytes = memoryLimit } };
            }

            var id = (await Cri.Runtime.CreateContainerAsync(new CreateContainerRequest { PodSandboxId = SandboxId, Config = container, SandboxConfig = config })).ContainerId;
            await Cri.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(30));
            return id;
        }

        public async Task<ContainerStatus> WaitExitedAsync(string id)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var status = (await Cri.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id })).Status;
                if (status.State == ContainerState.ContainerExited || clock.Elapsed > TimeSpan.FromSeconds(20))
                {
                    return status;
                }

                await Task.Delay(100);
            }
        }

        public static async Task<TimeSpan> TimeAsync(Func<Task> call)
        {
            var clock = Stopwatch.StartNew();
            await call();
            return clock.Elapsed;
        }

        public void Removed() => removed = true;

        public async ValueTask DisposeAsync()
        {
            if (!removed)
            {
                try
                {
                    await Cri.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = SandboxId }, deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(15));
                    await Cri.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = SandboxId }, deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(15));
                }
                catch (Grpc.Core.RpcException)
                {
                    // The daemon's clean-up below ends what is left.
                }
            }

            Cri.Dispose();
            await daemon.DisposeAsync();
            folder.Dispose();
        }
    }
}

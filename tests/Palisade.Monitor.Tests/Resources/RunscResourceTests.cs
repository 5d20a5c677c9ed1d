namespace Palisade.Monitor.Tests.Resources;

/// <summary>End to end: a container under the real runsc connects to the sink, its usage is read and served, then removed.</summary>
[Collection(RealRunsc.Name)]
public sealed class RunscResourceTests
{
    // Burns CPU (dd copies ~3 GB through the Sentry) and holds 32 MiB in /dev/shm (tmpfs: Sentry memory), then waits.
    private const string Workload = "dd if=/dev/zero of=/dev/null bs=1M count=3000 2>/dev/null; head -c 33554432 /dev/zero > /dev/shm/held; sleep 4";

    [Fact]
    public async Task ConnectedSandbox_UnderRunsc_ExportsCpuAndMemoryByContainerId_AndDropsThemWhenItExits()
    {
        await using var container = new RunscContainer();
        var metrics = new MonitorMetrics();
        var sampler = new Palisade.Monitor.Resources.ResourceSampler([container.Root], RunscContainer.RunAsync, metrics);
        await using var sink = new SinkFixture(metrics: metrics, sampler: sampler);

        await container.StartAsync(sink.SocketPath, Workload);
        await SinkFixture.WaitForAsync(() => sampler.Containers().Contains(container.Id), TimeSpan.FromSeconds(30));

        double cpu = 0, memory = 0;
        var seen = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(cpu > 0.05 && memory >= 32 << 20) && clock.Elapsed < TimeSpan.FromSeconds(20) && sampler.Containers().Count > 0)
        {
            await sampler.SampleOnceAsync(CancellationToken.None);
            cpu = metrics.SandboxCpu.WithLabels(container.Id).Value;
            memory = metrics.SandboxMemory.WithLabels(container.Id).Value;
            seen.Add($"cpu={cpu} memory={memory}");
        }

        Assert.True(cpu > 0.05 && memory >= 32 << 20, "readings: " + string.Join("; ", seen.TakeLast(5)));
        var scrape = await ResourceSamplerTests.ScrapeAsync(metrics);
        Assert.Contains($"palisade_monitor_sandbox_cpu_seconds_total{{container_id=\"{container.Id}\"}}", scrape, StringComparison.Ordinal);
        Assert.Contains($"palisade_monitor_sandbox_memory_bytes{{container_id=\"{container.Id}\"}}", scrape, StringComparison.Ordinal);
        Assert.Equal(0, metrics.StatsErrors.WithLabels("malformed").Value);

        var (code, output) = await container.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(code == 0, output);
        await SinkFixture.WaitForAsync(() => sampler.Containers().Count == 0);
        await sampler.SampleOnceAsync(CancellationToken.None);
        var series = (await ResourceSamplerTests.ScrapeAsync(metrics)).Split('\n').Where(l => l.StartsWith("palisade_monitor_sandbox_", StringComparison.Ordinal));
        Assert.Empty(series);
    }
}

using Palisade.Core.Monitoring;
using Palisade.Monitor.Points;
using Palisade.Monitor.Resources;

namespace Palisade.Monitor.Tests.Resources;

/// <summary>The sink tells the sampler which containers are connected: container/start adds, the connection's end removes.</summary>
public sealed class SinkSamplerWiringTests
{
    private static (MonitorMetrics Metrics, ResourceSampler Sampler) Sampler()
    {
        var metrics = new MonitorMetrics();
        return (metrics, new ResourceSampler(["/nonexistent"], (_, _) => Task.FromResult(new RunscOutput(128, "")), metrics));
    }

    [Fact]
    public async Task ContainerStart_OverTwoConnections_IsFollowedUntilBothClose()
    {
        var (metrics, sampler) = Sampler();
        await using var sink = new SinkFixture(metrics: metrics, sampler: sampler);
        using var first = await FakeSandbox.ConnectAsync(sink.SocketPath);
        using var second = await FakeSandbox.ConnectAsync(sink.SocketPath);
        await first.SendAsync(MessageType.ContainerStart, new ContainerStart { Id = "pod-a" });
        await first.SendAsync(MessageType.ContainerStart, new ContainerStart { Id = "pod-a" });
        await second.SendAsync(MessageType.ContainerStart, new ContainerStart { Id = "pod-a" });
        await second.SendAsync(MessageType.ContainerStart, new ContainerStart { Id = "pod-b" });
        await SinkFixture.WaitForAsync(() => sampler.Containers().Count == 2 && sink.Events.Count == 4);

        first.Dispose();
        await SinkFixture.WaitForAsync(() => metrics.Connected.Value == 1);
        Assert.Equal(["pod-a", "pod-b"], sampler.Containers().Order(StringComparer.Ordinal));

        second.Dispose();
        await SinkFixture.WaitForAsync(() => sampler.Containers().Count == 0);
    }

    [Fact]
    public async Task ContainerStart_WithAnIdThatCouldBeAFlag_IsNotFollowedButStillAnEvent()
    {
        var (metrics, sampler) = Sampler();
        await using var sink = new SinkFixture(metrics: metrics, sampler: sampler);
        using (var sandbox = await FakeSandbox.ConnectAsync(sink.SocketPath))
        {
            await sandbox.SendAsync(MessageType.ContainerStart, new ContainerStart { Id = "--root=/" });
            await SinkFixture.WaitForAsync(() => sink.Events.Count == 1);
        }

        Assert.Empty(sampler.Containers());
        Assert.Equal(1, metrics.StatsErrors.WithLabels("bad_id").Value);
        await SinkFixture.WaitForAsync(() => metrics.Connected.Value == 0);
        Assert.Empty(sampler.Containers());
    }
}

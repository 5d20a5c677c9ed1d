using System.Collections.Concurrent;
using Palisade.Core.Monitoring;

namespace Palisade.Monitor.Tests;

/// <summary>A sink on a fresh socket under a unique temp folder, collecting events and alerts.</summary>
internal sealed class SinkFixture : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("palisade-monitor-").FullName;
    private readonly SinkServer server;

    public SinkFixture(SinkOptions? options = null, string? rulesYaml = null, DriftDetector? drift = null, MonitorMetrics? metrics = null, Palisade.Monitor.Resources.ResourceSampler? sampler = null)
    {
        Metrics = metrics ?? new MonitorMetrics();
        SocketPath = Path.Combine(folder, "sink.sock");
        var rules = rulesYaml is null ? RulesFiles.Load([]) : RulesLoader.Load([("test.yaml", rulesYaml)]);
        Assert.True(rules.Ok, string.Join('\n', rules.Errors));
        Alerts = TextWriter.Synchronized(alertText);
        Service = new MonitorService(rules.Rules!, Metrics, [Alerts], json: true, drift);
        server = SinkServer.Start((options ?? new SinkOptions(SocketPath)) with { SocketPath = SocketPath }, Metrics, e =>
        {
            Events.Enqueue(e);
            Service.OnEvent(e);
        }, sampler);
    }

    public string SocketPath { get; }

    public MonitorMetrics Metrics { get; }

    public MonitorService Service { get; }

    public ConcurrentQueue<MonitorEvent> Events { get; } = new();

    private readonly StringWriter alertText = new();

    public TextWriter Alerts { get; }

    /// <summary>The alert lines so far (the synchronized writer locks on itself).</summary>
    public string AlertText
    {
        get
        {
            lock (Alerts)
            {
                return alertText.ToString();
            }
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds (the sink works on other threads).</summary>
    public static async Task WaitForAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < limit, "timed out waiting for the sink");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }
}

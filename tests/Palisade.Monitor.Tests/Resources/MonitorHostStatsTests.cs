using System.Net;
using System.Net.Sockets;
using Palisade.Core.Monitoring;
using Palisade.Monitor.Points;
using Palisade.Monitor.Resources;

namespace Palisade.Monitor.Tests.Resources;

/// <summary>The host runs the readings on their interval, and one scrape of /metrics shows events and usage together.</summary>
public sealed class MonitorHostStatsTests
{
    [Fact]
    public async Task RunAsync_ConnectedSandbox_OneScrapeShowsItsEventsAndItsUsage()
    {
        var folder = Directory.CreateTempSubdirectory("palisade-monitor-host-").FullName;
        var port = FreePort();
        var reads = 0;
        RunscRunner runsc = (args, _) =>
        {
            Interlocked.Increment(ref reads);
            return Task.FromResult(new RunscOutput(0, """{"type":"stats","id":"web-1","data":{"cpu":{"usage":{"total":1500000000}},"memory":{"usage":{"usage":8388608}},"pids":{"current":4}}}"""));
        };
        var options = new MonitorHostOptions(Path.Combine(folder, "m.sock"), [])
        {
            MetricsAddress = $"127.0.0.1:{port}",
            Runsc = runsc,
            RunscRoots = [folder],
            StatsInterval = TimeSpan.FromSeconds(1),
        };
        using var stop = new CancellationTokenSource();
        var rules = MonitorHost.LoadRules([], builtIn: true).Rules!;
        var host = MonitorHost.RunAsync(options, rules, TextWriter.Null, TextWriter.Null, stop.Token);
        try
        {
            await SinkFixture.WaitForAsync(() => File.Exists(options.SocketPath));
            using var sandbox = await FakeSandbox.ConnectAsync(options.SocketPath);
            await sandbox.SendAsync(MessageType.ContainerStart, new ContainerStart { Id = "web-1", Args = { "/bin/sh" } });

            using var http = new HttpClient();
            var scrape = "";
            await SinkFixture.WaitForAsync(() =>
            {
                scrape = http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).GetAwaiter().GetResult();
                return scrape.Contains("palisade_monitor_sandbox_cpu_seconds_total{container_id=\"web-1\"}", StringComparison.Ordinal);
            });

            Assert.Contains("palisade_monitor_events_total{type=\"container_start\"} 1", scrape, StringComparison.Ordinal);
            Assert.Contains("palisade_monitor_sandbox_cpu_seconds_total{container_id=\"web-1\"} 1.5", scrape, StringComparison.Ordinal);
            Assert.Contains("palisade_monitor_sandbox_memory_bytes{container_id=\"web-1\"} 8388608", scrape, StringComparison.Ordinal);
            Assert.Contains("palisade_monitor_sandbox_pids{container_id=\"web-1\"} 4", scrape, StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            await host;
            Directory.Delete(folder, recursive: true);
        }

        Assert.True(reads >= 1);
    }

    [Fact]
    public async Task RunAsync_StatsIntervalZero_NeverRunsRunsc()
    {
        var folder = Directory.CreateTempSubdirectory("palisade-monitor-host-").FullName;
        var options = new MonitorHostOptions(Path.Combine(folder, "m.sock"), [])
        {
            Runsc = (_, _) => throw new NotSupportedException("readings are off"),
            RunscRoots = [folder],
            StatsInterval = TimeSpan.Zero,
        };
        using var stop = new CancellationTokenSource();
        var log = new StringWriter();
        var host = MonitorHost.RunAsync(options, MonitorHost.LoadRules([], builtIn: true).Rules!, TextWriter.Null, log, stop.Token);
        try
        {
            await SinkFixture.WaitForAsync(() => File.Exists(options.SocketPath));
            using var sandbox = await FakeSandbox.ConnectAsync(options.SocketPath);
            await sandbox.SendAsync(MessageType.ContainerStart, new ContainerStart { Id = "web-1" });
            await Task.Delay(1500);
        }
        finally
        {
            await stop.CancelAsync();
            await host;
            Directory.Delete(folder, recursive: true);
        }

        Assert.DoesNotContain("sandbox usage", log.ToString(), StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

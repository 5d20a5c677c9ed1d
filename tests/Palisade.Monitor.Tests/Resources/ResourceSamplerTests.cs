using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Palisade.Core.Monitoring;
using Palisade.Monitor.Resources;
using Prometheus;

namespace Palisade.Monitor.Tests.Resources;

public sealed class ResourceSamplerTests
{
    private static string Reading(string id, long cpuNs, long memory) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"stats\",\"id\":\"{id}\",\"data\":{{\"cpu\":{{\"usage\":{{\"total\":{cpuNs}}}}},")
        + string.Create(CultureInfo.InvariantCulture, $"\"memory\":{{\"usage\":{{\"limit\":0,\"usage\":{memory},\"failcnt\":0}}}},\"pids\":{{\"current\":3}}}}}}");

    /// <summary>The text a /metrics scrape returns.</summary>
    internal static async Task<string> ScrapeAsync(MonitorMetrics metrics)
    {
        using var stream = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string[] Lines(string scrape, string prefix) =>
        scrape.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task SampleOnce_TrackedContainer_ExportsItsUsageLabelledByIdAndForgetRemovesIt()
    {
        var metrics = new MonitorMetrics();
        var calls = new ConcurrentQueue<string>();
        var root = Directory.CreateTempSubdirectory("palisade-sampler-").FullName;
        try
        {
            var sampler = new ResourceSampler([root], (args, _) =>
            {
                calls.Enqueue(string.Join(' ', args));
                return Task.FromResult(new RunscOutput(0, Reading(args[^1], 2_500_000_000, 4096)));
            }, metrics);
            Assert.True(sampler.Track("abc"));

            await sampler.SampleOnceAsync(CancellationToken.None);

            Assert.Equal($"--root {root} events --stats -- abc", Assert.Single(calls));
            var scrape = await ScrapeAsync(metrics);
            Assert.Contains("palisade_monitor_sandbox_cpu_seconds_total{container_id=\"abc\"} 2.5", scrape, StringComparison.Ordinal);
            Assert.Contains("palisade_monitor_sandbox_memory_bytes{container_id=\"abc\"} 4096", scrape, StringComparison.Ordinal);
            Assert.Contains("palisade_monitor_sandbox_pids{container_id=\"abc\"} 3", scrape, StringComparison.Ordinal);

            sampler.Forget("abc");
            Assert.Empty(Lines(await ScrapeAsync(metrics), "palisade_monitor_sandbox_"));
            Assert.Empty(sampler.Containers());
        }
        finally
        {
            Directory.Delete(root);
        }
    }

    [Fact]
    public async Task Forget_ContainerAnnouncedByTwoConnections_KeepsSeriesUntilBothAreGone()
    {
        var metrics = new MonitorMetrics();
        var root = Directory.CreateTempSubdirectory("palisade-sampler-").FullName;
        try
        {
            var sampler = new ResourceSampler([root], (args, _) => Task.FromResult(new RunscOutput(0, Reading(args[^1], 1, 1))), metrics);
            sampler.Track("c1");
            sampler.Track("c1");
            await sampler.SampleOnceAsync(CancellationToken.None);
            sampler.Forget("c1");
            Assert.NotEmpty(Lines(await ScrapeAsync(metrics), "palisade_monitor_sandbox_memory_bytes{"));
            sampler.Forget("c1");
            Assert.Empty(Lines(await ScrapeAsync(metrics), "palisade_monitor_sandbox_"));
        }
        finally
        {
            Directory.Delete(root);
        }
    }

    [Fact]
    public async Task SampleOnce_ContainerUnderTheSecondRoot_IsFoundThereAndAMissingRootIsNotTried()
    {
        var metrics = new MonitorMetrics();
        var first = Directory.CreateTempSubdirectory("palisade-sampler-").FullName;
        var second = Directory.CreateTempSubdirectory("palisade-sampler-").FullName;
        var missing = Path.Combine(first, "missing");
        var calls = new ConcurrentQueue<string>();
        try
        {
            var sampler = new ResourceSampler([missing, first, second], (args, _) =>
            {
                calls.Enqueue(args[1]);
                return Task.FromResult(args[1] == second ? new RunscOutput(0, Reading("c", 1_000_000_000, 10)) : new RunscOutput(128, ""));
            }, metrics);
            sampler.Track("c");
            await sampler.SampleOnceAsync(CancellationToken.None);
            await sampler.SampleOnceAsync(CancellationToken.None);

            Assert.Equal([first, second, second], calls.ToArray());
            Assert.Equal(0, metrics.StatsErrors.WithLabels("not_found").Value);
            Assert.Equal(10, metrics.SandboxMemory.WithLabels("c").Value);
        }
        finally
        {
            Directory.Delete(first);
            Directory.Delete(second);
        }
    }

    [Fact]
    public async Task SampleOnce_HostileOrFailingRunsc_CountsErrorsAndNeverThrows()
    {
        var metrics = new MonitorMetrics();
        var root = Directory.CreateTempSubdirectory("palisade-sampler-").FullName;
        try
        {
            var outputs = new ConcurrentDictionary<string, RunscOutput>(StringComparer.Ordinal)
            {
                ["garbage"] = new RunscOutput(0, "{\"type\":\"stats\",\"id\":\"garbage\",\"data\":{\"cpu\":"),
                ["impostor"] = new RunscOutput(0, Reading("someone-else", 1, 1)),
                ["gone"] = new RunscOutput(128, "loading sandbox: file does not exist"),
                ["slow"] = new RunscOutput(null, ""),
            };
            var sampler = new ResourceSampler([root], (args, _) => args[^1] == "crash"
                ? throw new System.ComponentModel.Win32Exception(2, "No such file or directory")
                : Task.FromResult(outputs[args[^1]]), metrics);
            foreach (var id in new[] { "garbage", "impostor", "gone", "slow", "crash" })
            {
                Assert.True(sampler.Track(id));
            }

            await sampler.SampleOnceAsync(CancellationToken.None);

            Assert.Equal(2, metrics.StatsErrors.WithLabels("malformed").Value);
            Assert.Equal(2, metrics.StatsErrors.WithLabels("not_found").Value);
            Assert.Equal(1, metrics.StatsErrors.WithLabels("runsc").Value);
            Assert.Empty(Lines(await ScrapeAsync(metrics), "palisade_monitor_sandbox_"));
        }
        finally
        {
            Directory.Delete(root);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("-rf")]
    [InlineData("--root=/")]
    [InlineData("a b")]
    [InlineData("../x")]
    [InlineData("id\n")]
    public void Track_IdRunscCouldNotHaveMade_IsRefusedAndCounted(string id)
    {
        var metrics = new MonitorMetrics();
        var sampler = new ResourceSampler(["/nonexistent"], (_, _) => throw new InvalidOperationException("must not run"), metrics);

        Assert.False(sampler.Track(id));
        Assert.Equal(1, metrics.StatsErrors.WithLabels("bad_id").Value);
        Assert.Empty(sampler.Containers());
    }

    [Fact]
    public async Task SampleOnce_SandboxGoneWhileRunscRan_DoesNotBringItsSeriesBack()
    {
        var metrics = new MonitorMetrics();
        var root = Directory.CreateTempSubdirectory("palisade-sampler-").FullName;
        try
        {
            ResourceSampler? sampler = null;
            sampler = new ResourceSampler([root], (args, _) =>
            {
                sampler!.Forget(args[^1]);
                return Task.FromResult(new RunscOutput(0, Reading(args[^1], 1, 1)));
            }, metrics);
            sampler.Track("late");
            await sampler.SampleOnceAsync(CancellationToken.None);
            Assert.Empty(Lines(await ScrapeAsync(metrics), "palisade_monitor_sandbox_"));
        }
        finally
        {
            Directory.Delete(root);
        }
    }
}

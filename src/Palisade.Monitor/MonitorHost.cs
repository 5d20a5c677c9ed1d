using System.Globalization;
using System.Net;
using Palisade.Core.Monitoring;
using Palisade.Monitor.Resources;
using Prometheus;

namespace Palisade.Monitor;

/// <summary>Runs the monitor until cancelled: the sink, the rules (reloaded on change), alerts and /metrics.</summary>
public static class MonitorHost
{
    /// <summary>Loads the rules; their errors, if any, one per line as file:line:col: message.</summary>
    public static RulesLoadResult LoadRules(IReadOnlyList<string> paths, bool builtIn) => RulesFiles.Load(paths, builtIn);

    public static async Task RunAsync(MonitorHostOptions options, RuleSet rules, TextWriter alerts, TextWriter log, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        var metrics = new MonitorMetrics();
        var outputs = new List<TextWriter> { alerts };
        StreamWriter? file = options.AlertsFile is null ? null : new StreamWriter(options.AlertsFile, append: true);
        if (file is not null)
        {
            outputs.Add(file);
        }

        var service = new MonitorService(rules, metrics, outputs, options.Json, options.Drift is null ? null : new DriftDetector(options.Drift));
        var recorder = options.RecordPath is null ? null : new DriftRecorder();
        Action<MonitorEvent> onEvent = recorder is null ? service.OnEvent : e =>
        {
            recorder.Observe(e);
            service.OnEvent(e);
        };
        MetricServer? server = null;
        if (options.MetricsAddress is { } address)
        {
            var endpoint = IPEndPoint.Parse(address);
            var host = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? "+" : endpoint.Address.ToString();
            server = new MetricServer(host, endpoint.Port, "metrics/", metrics.Registry);
            server.Start();
        }

        try
        {
            var sampler = options.Runsc is null || options.StatsInterval <= TimeSpan.Zero ? null : new ResourceSampler(options.RunscRoots, options.Runsc, metrics);
            await using var sink = SinkServer.Start(new SinkOptions(options.SocketPath) { PodLookup = options.PodLookup }, metrics, onEvent, sampler);
            await log.WriteLineAsync($"palisade monitor: listening on {options.SocketPath} with {rules.Rules.Count} rule(s)"
                + (options.Drift is null ? "" : ", the drift rule")
                + (options.PodLookup is null ? "" : ", pod names from the CRI")
            + (options.MetricsAddress is null ? "" : $", metrics on http://{options.MetricsAddress}/metrics")
            + (sampler is null ? "" : string.Create(CultureInfo.InvariantCulture, $", sandbox usage every {options.StatsInterval.TotalSeconds:0.###} s"))).ConfigureAwait(false);
            var sampling = sampler is null ? Task.CompletedTask : sampler.RunAsync(options.StatsInterval, options.Time, cancel);
            await WatchRulesAsync(options, service, log, cancel).ConfigureAwait(false);
            await sampling.ConfigureAwait(false);
        }
        finally
        {
            if (recorder is not null)
            {
                await File.WriteAllTextAsync(options.RecordPath!, recorder.Recording().ToJson(), CancellationToken.None).ConfigureAwait(false);
            }

            if (server is not null)
            {
                await server.StopAsync().ConfigureAwait(false);
            }

            if (file is not null)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task WatchRulesAsync(MonitorHostOptions options, MonitorService service, TextWriter log, CancellationToken cancel)
    {
        var stamp = RulesFiles.Stamp(options.RulesPaths);
        using var timer = new PeriodicTimer(options.ReloadInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancel).ConfigureAwait(false))
            {
                var now = RulesFiles.Stamp(options.RulesPaths);
                if (now == stamp)
                {
                    continue;
                }

                stamp = now;
                var result = RulesFiles.Load(options.RulesPaths, options.BuiltInRules);
                if (result.Ok)
                {
                    service.Rules = result.Rules!;
                    await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"palisade monitor: rules reloaded ({result.Rules!.Rules.Count} rule(s))")).ConfigureAwait(false);
                }
                else
                {
                    service.Metrics.ReloadFailures.Inc();
                    await log.WriteLineAsync($"palisade monitor: rules not reloaded, keeping the last good ones: {result.Errors[0]}").ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

using Prometheus;

namespace Palisade.Monitor;

/// <summary>The monitor's Prometheus metrics, in a registry of its own (one per monitor, so tests do not share).</summary>
internal sealed class MonitorMetrics
{
    public MonitorMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Events = factory.CreateCounter("palisade_monitor_events_total", "Events decoded from sandboxes, by evt.type.", "type");
        Alerts = factory.CreateCounter("palisade_monitor_alerts_total", "Alerts raised, by rule and priority.", "rule", "priority");
        Dropped = factory.CreateCounter("palisade_monitor_dropped_events_total", "Events the sandboxes report they dropped (from the message headers).");
        Unknown = factory.CreateCounter("palisade_monitor_messages_unknown_total", "Messages of a type this monitor does not know, skipped.");
        Malformed = factory.CreateCounter("palisade_monitor_messages_malformed_total", "Messages with a bad header or payload, skipped.");
        Rejected = factory.CreateCounter("palisade_monitor_connections_rejected_total", "Connections closed for a bad or missing handshake.");
        Connected = factory.CreateGauge("palisade_monitor_sandboxes_connected", "Sandboxes connected to the sink now.");
        RuleSeconds = factory.CreateHistogram("palisade_monitor_rule_evaluation_seconds", "Time to evaluate all rules against one event.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.000_000_1, 4, 10) });
        PodLookups = factory.CreateCounter("palisade_monitor_pod_lookups_total", "Pod lookups through the CRI, by result (found, unknown).", "result");
        ReloadFailures = factory.CreateCounter("palisade_monitor_rules_reload_failures_total", "Rules reloads that failed (the last good rules stay).");
    }

    public CollectorRegistry Registry { get; }

    public Counter Events { get; }

    public Counter Alerts { get; }

    public Counter Dropped { get; }

    public Counter Unknown { get; }

    public Counter Malformed { get; }

    public Counter Rejected { get; }

    public Gauge Connected { get; }

    public Histogram RuleSeconds { get; }

    public Counter ReloadFailures { get; }

    public Counter PodLookups { get; }
}

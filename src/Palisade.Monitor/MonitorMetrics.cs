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
        SandboxCpu = factory.CreateCounter("palisade_monitor_sandbox_cpu_seconds_total", "CPU time of a container in a connected sandbox (runsc events --stats).", "container_id");
        SandboxMemory = factory.CreateGauge("palisade_monitor_sandbox_memory_bytes", "Memory in use by a container in a connected sandbox (runsc events --stats).", "container_id");
        SandboxPids = factory.CreateGauge("palisade_monitor_sandbox_pids", "Tasks in a container in a connected sandbox (runsc events --stats).", "container_id");
        SandboxIoRead = factory.CreateCounter("palisade_monitor_sandbox_io_read_bytes_total", "Block I/O read by a container, when runsc reports it (runsc 20221219 does not).", "container_id");
        SandboxIoWrite = factory.CreateCounter("palisade_monitor_sandbox_io_write_bytes_total", "Block I/O written by a container, when runsc reports it (runsc 20221219 does not).", "container_id");
        StatsErrors = factory.CreateCounter("palisade_monitor_stats_errors_total", "Resource readings that failed, by reason (not_found, malformed, runsc, bad_id, too_many).", "reason");
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

    public Counter SandboxCpu { get; }

    public Gauge SandboxMemory { get; }

    public Gauge SandboxPids { get; }

    public Counter SandboxIoRead { get; }

    public Counter SandboxIoWrite { get; }

    public Counter StatsErrors { get; }

    /// <summary>Sets a container's resource series from one reading (fields not reported are left out).</summary>
    public void SetSandbox(Resources.SandboxUsage usage)
    {
        var id = usage.ContainerId;
        // The readings are cumulative: IncTo never lowers a counter, so a counter reset shows only as a new series.
        if (usage.CpuSeconds is { } cpu)
        {
            SandboxCpu.WithLabels(id).IncTo(cpu);
        }

        if (usage.MemoryBytes is { } memory)
        {
            SandboxMemory.WithLabels(id).Set(memory);
        }

        if (usage.Pids is { } pids)
        {
            SandboxPids.WithLabels(id).Set(pids);
        }

        if (usage.IoReadBytes is { } read)
        {
            SandboxIoRead.WithLabels(id).IncTo(read);
        }

        if (usage.IoWriteBytes is { } write)
        {
            SandboxIoWrite.WithLabels(id).IncTo(write);
        }
    }

    /// <summary>Removes a container's resource series.</summary>
    public void RemoveSandbox(string containerId)
    {
        SandboxCpu.RemoveLabelled(containerId);
        SandboxMemory.RemoveLabelled(containerId);
        SandboxPids.RemoveLabelled(containerId);
        SandboxIoRead.RemoveLabelled(containerId);
        SandboxIoWrite.RemoveLabelled(containerId);
    }
}

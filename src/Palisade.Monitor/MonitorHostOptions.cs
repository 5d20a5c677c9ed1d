using Palisade.Core.Monitoring;
using Palisade.Monitor.Resources;

namespace Palisade.Monitor;

/// <summary>What <c>palisade monitor</c> runs with.</summary>
public sealed record MonitorHostOptions(string SocketPath, IReadOnlyList<string> RulesPaths)
{
    /// <summary>ADDRESS:PORT for Prometheus /metrics, or null for none.</summary>
    public string? MetricsAddress { get; init; }

    public bool Json { get; init; } = true;

    /// <summary>Whether the built-in sandbox rules are loaded before <see cref="RulesPaths"/>.</summary>
    public bool BuiltInRules { get; init; } = true;

    /// <summary>A file alerts are appended to besides standard output, or null.</summary>
    public string? AlertsFile { get; init; }

    /// <summary>The recording the drift rule compares with, or null for no drift rule.</summary>
    public DriftRecording? Drift { get; init; }

    /// <summary>Where to write the programs and connections seen (a drift recording) when the monitor stops, or null.</summary>
    public string? RecordPath { get; init; }

    /// <summary>Finds a container's pod through the CRI (<c>--containerd-address</c>), or null for none.</summary>
    public PodLookup? PodLookup { get; init; }

    /// <summary>Runs runsc for the resource readings; null for no readings.</summary>
    public RunscRunner? Runsc { get; init; }

    /// <summary>The runsc state roots the sandboxes' containers live under (containerd's runsc shim, the runc shim).</summary>
    public IReadOnlyList<string> RunscRoots { get; init; } = DefaultRunscRoots;

    /// <summary>How often each connected sandbox's containers are read; zero turns the readings off.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where the clock comes from (the readings' timer).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>containerd-shim-runsc-v1's root for the k8s.io namespace, then the runc shim's (runsc behind a wrapper).</summary>
    public static IReadOnlyList<string> DefaultRunscRoots { get; } = ["/run/containerd/runsc/k8s.io", "/run/containerd/runc/k8s.io"];

    /// <summary>How often the rules files are checked for changes.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(2);
}

using Palisade.Core.Monitoring;

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
    public Func<string, CancellationToken, Task<PodIdentity?>>? PodLookup { get; init; }

    /// <summary>How often the rules files are checked for changes.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(2);
}

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

    /// <summary>How often the rules files are checked for changes.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromSeconds(2);
}

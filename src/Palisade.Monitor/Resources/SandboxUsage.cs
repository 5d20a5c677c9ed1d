namespace Palisade.Monitor.Resources;

/// <summary>One reading of a container's resource usage; a field is null when the source did not report it.</summary>
internal sealed record SandboxUsage(string ContainerId)
{
    public double? CpuSeconds { get; init; }

    public double? MemoryBytes { get; init; }

    public double? Pids { get; init; }

    public double? IoReadBytes { get; init; }

    public double? IoWriteBytes { get; init; }
}

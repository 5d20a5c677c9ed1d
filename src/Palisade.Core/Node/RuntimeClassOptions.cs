namespace Palisade.Core.Node;

/// <summary>Scheduling and overhead choices for the generated RuntimeClass objects.</summary>
public sealed record RuntimeClassOptions
{
    /// <summary>nodeSelector labels every class gets (the nodes that have the handler configured), e.g. sandbox.palisade.dev/runsc=true.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    /// <summary>A toleration for this taint key (value = the handler, effect NoSchedule), or null.</summary>
    public string? TolerationKey { get; init; }

    /// <summary>A measured gVisor pod overhead (memory, cpu) to use instead of Palisade's default, e.g. ("48Mi", "100m").</summary>
    public (string Memory, string Cpu)? MeasuredRunscOverhead { get; init; }
}

namespace Palisade.Core.Node;

/// <summary>Scheduling and overhead choices for the generated RuntimeClass objects.</summary>
public sealed record RuntimeClassOptions
{
    /// <summary>nodeSelector labels every class gets (the nodes that have the handler configured), e.g. sandbox.palisade.dev/runsc=true.</summary>
    public IReadOnlyDictionary<string, string> NodeSelector { get; init; } = new Dictionary<string, string>();

    /// <summary>A toleration for this taint key (value = the handler, effect NoSchedule), or null.</summary>
    public string? TolerationKey { get; init; }
}

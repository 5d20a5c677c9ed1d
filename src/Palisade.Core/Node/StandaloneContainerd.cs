namespace Palisade.Core.Node;

/// <summary>The paths of a self-contained containerd config (its own root, state and socket, so it never meets the node's).</summary>
public sealed record StandaloneContainerd
{
    /// <summary>containerd's persistent root.</summary>
    public required string Root { get; init; }

    /// <summary>containerd's state folder.</summary>
    public required string State { get; init; }

    /// <summary>The gRPC socket.</summary>
    public required string Address { get; init; }
}

using Palisade.Core.Monitoring;

namespace Palisade.Monitor;

/// <summary>How the sink listens and what it accepts from a sandbox.</summary>
internal sealed record SinkOptions(string SocketPath)
{
    /// <summary>Largest message accepted; larger ones are counted as malformed and skipped.</summary>
    public int MaxMessageBytes { get; init; } = 1 << 20;

    /// <summary>How long a new connection may take to send its handshake.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Finds the pod of a container id (through the CRI), or null to leave k8s.pod.name and k8s.ns.name empty.</summary>
    public PodLookup? PodLookup { get; init; }
}

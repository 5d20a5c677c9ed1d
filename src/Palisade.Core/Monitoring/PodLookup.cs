namespace Palisade.Core.Monitoring;

/// <summary>Finds the pod a container id belongs to (through the CRI); null when the runtime does not know it.</summary>
public delegate Task<PodIdentity?> PodLookup(string containerId, CancellationToken cancel);

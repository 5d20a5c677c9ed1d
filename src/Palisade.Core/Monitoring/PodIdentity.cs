namespace Palisade.Core.Monitoring;

/// <summary>The Kubernetes pod a sandbox runs, as the container runtime's CRI knows it.</summary>
/// <param name="Name">k8s.pod.name.</param>
/// <param name="Namespace">k8s.ns.name.</param>
public sealed record PodIdentity(string Name, string Namespace);

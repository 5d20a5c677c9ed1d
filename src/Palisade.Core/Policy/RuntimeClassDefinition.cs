namespace Palisade.Core.Policy;

/// <summary>
/// A RuntimeClass the cluster offers (the fields of <c>node.k8s.io/v1</c> RuntimeClass that the policy knows about).
/// </summary>
/// <param name="Name">The RuntimeClass name pods put in <c>runtimeClassName</c>.</param>
/// <param name="Handler">The CRI handler (<c>runsc</c>, <c>kata</c>).</param>
/// <param name="Overhead">overhead.podFixed quantities (<c>cpu</c>, <c>memory</c>) as written; empty when none.</param>
/// <param name="NodeSelector">scheduling.nodeSelector; empty when none.</param>
/// <param name="Tolerations">scheduling.tolerations; empty when none.</param>
public sealed record RuntimeClassDefinition(
    string Name,
    string Handler,
    IReadOnlyDictionary<string, string> Overhead,
    IReadOnlyDictionary<string, string> NodeSelector,
    IReadOnlyList<k8s.Models.V1Toleration> Tolerations);

using k8s.Models;

namespace Palisade.Core.Policy;

/// <summary>What the engine needs to decide on one pod or pod-bearing controller.</summary>
/// <param name="Kind"><c>Pod</c>, <c>Deployment</c>, <c>StatefulSet</c>, <c>DaemonSet</c>, <c>Job</c>, <c>CronJob</c>, <c>ReplicaSet</c>.</param>
/// <param name="Namespace">The object's namespace.</param>
/// <param name="ObjectMetadata">Metadata of the object itself.</param>
/// <param name="PodMetadata">Metadata of the pod (the object's for a Pod, the template's for a controller).</param>
/// <param name="PodSpec">The pod spec. The engine applies the API server's decode-time defaulting to it in place, never the patch.</param>
/// <param name="PodSpecPointer">JSON pointer of the pod spec in the object: <c>/spec</c>, <c>/spec/template/spec</c>, <c>/spec/jobTemplate/spec/template/spec</c>.</param>
/// <param name="NamespaceLabels">Labels of the object's namespace (empty when unknown).</param>
/// <param name="UserName">The requesting user, when known.</param>
/// <param name="UserGroups">The requesting user's groups.</param>
public sealed record PolicyRequest(
    string Kind,
    string? Namespace,
    V1ObjectMeta? ObjectMetadata,
    V1ObjectMeta? PodMetadata,
    V1PodSpec PodSpec,
    string PodSpecPointer,
    IReadOnlyDictionary<string, string> NamespaceLabels,
    string? UserName,
    IReadOnlyList<string> UserGroups);

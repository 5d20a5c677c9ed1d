using System.Text.Json.Serialization;
using k8s.Models;

namespace Palisade.Core.Admission;

/// <summary>
/// Source-generated metadata for the Kubernetes models the handler decodes, used with the Kubernetes client's own
/// converters (quantities, int-or-string, times): no reflection-built metadata on the hot path.
/// </summary>
[JsonSerializable(typeof(V1PodTemplateSpec))]
[JsonSerializable(typeof(V1ObjectMeta))]
[JsonSerializable(typeof(PodObject))]
[JsonSerializable(typeof(ControllerObject))]
internal sealed partial class KubernetesModelJsonContext : JsonSerializerContext;

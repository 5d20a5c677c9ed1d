using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Palisade.Core.Manifests;

namespace Palisade.Core.Policy;

/// <summary>Builds the engine's request for a manifest object whose pod template has been read.</summary>
internal static class PolicyRequestFactory
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public static PolicyRequest Create(ManifestObject obj, PodTemplate template, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        var kind = obj.Kind ?? "";
        var objectMetadata = template.Pointer.Length == 0 ? template.Metadata : ObjectMetadata(obj);
        return new PolicyRequest(
            kind,
            obj.Namespace,
            objectMetadata,
            template.Metadata,
            template.Spec,
            template.Pointer + "/spec",
            namespaceLabels ?? NoLabels,
            UserName: null,
            UserGroups: []);
    }

    private static V1ObjectMeta? ObjectMetadata(ManifestObject obj)
    {
        if (obj.Body["metadata"] is not JsonObject metadata)
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1ObjectMeta>(metadata.ToJsonString());
        }
        catch (JsonException)
        {
            // Object metadata only names the object in messages; a malformed one is not worth failing the check.
            return null;
        }
    }
}

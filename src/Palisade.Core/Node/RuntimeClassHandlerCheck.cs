using System.Globalization;
using System.Text.Json.Nodes;
using Palisade.Core.Manifests;

namespace Palisade.Core.Node;

/// <summary>RuntimeClass objects whose handler the node does not configure: pods using them never leave ContainerCreating.</summary>
public static class RuntimeClassHandlerCheck
{
    /// <summary>One finding per RuntimeClass in <paramref name="manifests"/> whose handler is not in <paramref name="handlers"/>.</summary>
    public static IReadOnlyList<NodeFinding> Check(ManifestSet manifests, IReadOnlyCollection<string> handlers, string configDescription)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        ArgumentNullException.ThrowIfNull(handlers);
        var findings = new List<NodeFinding>();
        foreach (var item in manifests.Objects.Where(o => o.Kind == "RuntimeClass"))
        {
            var handler = item.Body["handler"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            var where = string.Create(CultureInfo.InvariantCulture, $"{item.Source}:{item.Locate("/handler").Line}");
            if (handler is null)
            {
                findings.Add(new NodeFinding(FindingSeverity.Error, "runtimeclass-no-handler", $"RuntimeClass {item.Name} has no handler", "the API server rejects it", "set handler to a runtime configured on the nodes", where));
            }
            else if (!handlers.Contains(handler))
            {
                findings.Add(new NodeFinding(FindingSeverity.Error, "runtimeclass-handler-unknown",
                    $"RuntimeClass {item.Name} uses handler \"{handler}\", which {configDescription} does not configure (it has: {string.Join(", ", handlers.Order(StringComparer.Ordinal))})",
                    "kubelet asks the runtime for this handler: pods with this RuntimeClass stay in ContainerCreating (\"no runtime for ... is configured\")",
                    $"configure a runtime named \"{handler}\" on the node (palisade node config containerd), or change the RuntimeClass handler",
                    where));
            }
        }

        return findings;
    }
}

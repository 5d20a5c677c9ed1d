using k8s;
using k8s.Models;

namespace Palisade.Core.Node;

/// <summary>
/// RuntimeClass objects (node.k8s.io/v1) for the sandbox handlers: the handler, <c>overhead.podFixed</c> and scheduling.
/// Where an overhead figure comes from is written on the object, in the <see cref="OverheadSourceAnnotation"/> annotation.
/// </summary>
public static class RuntimeClassGenerator
{
    /// <summary>Says where <c>overhead.podFixed</c> comes from (measured, or whose documented default).</summary>
    public const string OverheadSourceAnnotation = "palisade.dev/overhead-source";

    /// <summary>kata-deploy's label for nodes that run Kata.</summary>
    public const string KataNodeLabel = "katacontainers.io/kata-runtime";

    /// <summary>One class per sandbox runtime in <paramref name="config"/> (runc needs none: it is the default).</summary>
    public static IReadOnlyList<V1RuntimeClass> Generate(NodeConfigOptions config, RuntimeClassOptions classes)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(classes);
        var result = new List<V1RuntimeClass>();
        foreach (var runtime in config.Runtimes.Distinct().Where(r => r != NodeRuntime.Runc))
        {
            var handler = config.HandlerOf(runtime);
            var name = runtime == NodeRuntime.Runsc ? "gvisor" : "kata";
            var overhead = SandboxOverhead.For(runtime);
            var selector = new Dictionary<string, string>(classes.NodeSelector);
            if (runtime == NodeRuntime.Kata)
            {
                selector.TryAdd(KataNodeLabel, "true");
            }

            result.Add(new V1RuntimeClass
            {
                ApiVersion = "node.k8s.io/v1",
                Kind = "RuntimeClass",
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    Annotations = new Dictionary<string, string> { [OverheadSourceAnnotation] = overhead.Source },
                },
                Handler = handler,
                Overhead = new V1Overhead { PodFixed = new Dictionary<string, ResourceQuantity> { ["memory"] = new(overhead.Memory), ["cpu"] = new(overhead.Cpu) } },
                Scheduling = selector.Count == 0 && classes.TolerationKey is null ? null : new V1Scheduling
                {
                    NodeSelector = selector.Count == 0 ? null : selector,
                    Tolerations = classes.TolerationKey is { } key
                        ? [new V1Toleration { Key = key, OperatorProperty = "Equal", Value = handler, Effect = "NoSchedule" }]
                        : null,
                },
            });
        }

        return result;
    }

    /// <summary>The objects as one multi-document YAML stream.</summary>
    public static string ToYaml(IEnumerable<V1RuntimeClass> classes) =>
        string.Join("---\n", classes.Select(c => KubernetesYaml.Serialize(c).TrimEnd('\n') + "\n"));
}

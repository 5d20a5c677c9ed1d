using System.Text.Json.Nodes;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Policy;

/// <summary>Builds engine requests from manifest text, the way <c>check</c> does.</summary>
internal static class PolicyFixtures
{
    public static RuntimePolicyEngine DefaultEngine { get; } = new(RuntimePolicyLoader.Default);

    public static (PolicyRequest Request, JsonObject Body) Request(string yaml, IReadOnlyDictionary<string, string>? namespaceLabels = null)
    {
        var set = ManifestLoader.LoadText("test.yaml", yaml);
        Assert.Empty(set.Diagnostics);
        var obj = Assert.Single(set.Objects);
        var read = PodTemplateReader.Read(obj);
        Assert.Null(read.Error);
        Assert.NotNull(read.Template);
        var body = (JsonObject)obj.Body.DeepClone();
        return (PolicyRequestFactory.Create(obj, read.Template, namespaceLabels), body);
    }

    public static PolicyDecision Evaluate(string yaml, IReadOnlyDictionary<string, string>? namespaceLabels = null, RuntimePolicyEngine? engine = null) =>
        (engine ?? DefaultEngine).Evaluate(Request(yaml, namespaceLabels).Request);

    /// <summary>Applies the decision's patch to the object and evaluates the result again.</summary>
    public static PolicyDecision Reevaluate(JsonObject body, PolicyDecision first, IReadOnlyDictionary<string, string>? namespaceLabels = null, RuntimePolicyEngine? engine = null)
    {
        var patched = JsonPatch.Apply(body, first.Patch);
        return Evaluate(patched.ToJsonString(), namespaceLabels, engine);
    }

    public static RuntimePolicy ParsePolicy(string yaml) => RuntimePolicyLoader.Parse(yaml, "policy.yaml");

    public const string RestrictedPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: app
          labels: {vendor-workload: "true"}
        spec:
          securityContext:
            runAsNonRoot: true
          containers:
            - name: app
              image: vendor.example.com/agent:7
              securityContext:
                allowPrivilegeEscalation: false
                capabilities: {drop: [ALL]}
        """;
}

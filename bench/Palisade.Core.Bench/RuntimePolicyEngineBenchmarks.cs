using BenchmarkDotNet.Attributes;
using k8s;
using k8s.Models;
using Palisade.Core.PodSecurity;
using Palisade.Core.Policy;

namespace Palisade.Core.Bench;

/// <summary>
/// The admission hot path: one engine decision on a realistic pod, against the bare Pod Security evaluation of the same
/// pod (the baseline). Trusted: no patch, baseline level. Vendor: patched (runtimeClassName, seccomp, token) and
/// evaluated at restricted. Image rule: a policy whose first tier matches on image registries.
/// </summary>
[MemoryDiagnoser]
public class RuntimePolicyEngineBenchmarks
{
    private const string PodYaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: agent
          namespace: partners
          labels: {app: agent, LABEL}
        spec:
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
          initContainers:
          - name: init
            image: registry.internal/tools/init:1.0
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: ["ALL"]}
          containers:
          - name: app
            image: vendor.example.com/agent:7.1
            ports: [{containerPort: 8080}]
            securityContext:
              allowPrivilegeEscalation: false
              readOnlyRootFilesystem: true
              capabilities: {drop: ["ALL"]}
          - name: proxy
            image: envoyproxy/envoy:v1.31
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: ["ALL"]}
        """;

    private const string ImagePolicy = """
        apiVersion: palisade.dev/v1alpha1
        kind: RuntimePolicy
        spec:
          runtimeClasses: [{name: gvisor, handler: runsc}]
          tiers:
            - name: external
              match:
                - namespaces: [partners, sandbox]
                  images: {registriesNotIn: [registry.internal, "*.corp.example", ghcr.io/acme]}
              runtimeClass: gvisor
              allowedRuntimeClasses: [gvisor]
              podSecurity: {level: restricted}
              defaults: {seccompProfile: RuntimeDefault}
            - name: internal
              podSecurity: {level: baseline}
        """;

    private static readonly Dictionary<string, string> NamespaceLabels = new()
    {
        ["kubernetes.io/metadata.name"] = "partners",
        ["team"] = "partners",
    };

    private readonly RuntimePolicyEngine _default = new(RuntimePolicyLoader.Default);
    private readonly RuntimePolicyEngine _images = new(RuntimePolicyLoader.Parse(ImagePolicy, "bench"));
    private PolicyRequest _trusted = null!;
    private PolicyRequest _vendor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _trusted = Request("tier: web");
        _vendor = Request("vendor-workload: \"true\"");
    }

    [Benchmark(Baseline = true)]
    public PodSecurityResult PodSecurityOnly() =>
        PodSecurityEvaluator.Evaluate(LevelVersion.RestrictedLatest, _vendor.PodMetadata, _vendor.PodSpec);

    [Benchmark]
    public PolicyDecision TrustedPod() => _default.Evaluate(_trusted);

    [Benchmark]
    public PolicyDecision VendorPodPatched() => _default.Evaluate(_vendor);

    [Benchmark]
    public PolicyDecision ImageRuleTier() => _images.Evaluate(_trusted);

    private static PolicyRequest Request(string label)
    {
        var pod = KubernetesYaml.Deserialize<V1Pod>(PodYaml.Replace("LABEL", label, StringComparison.Ordinal));
        return new PolicyRequest("Pod", "partners", pod.Metadata, pod.Metadata, pod.Spec, "/spec", NamespaceLabels, "system:serviceaccount:partners:deployer", ["system:authenticated"]);
    }
}

using BenchmarkDotNet.Attributes;
using k8s;
using k8s.Models;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Bench;

/// <summary>Pod Security evaluation of a realistic three-container pod; compare ratios to the baseline-level run.</summary>
[MemoryDiagnoser]
public class PodSecurityBenchmarks
{
    private const string CompliantYaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web
          labels: {app: web}
          annotations:
            prometheus.io/scrape: "true"
        spec:
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
            fsGroup: 10001
            seccompProfile:
              type: RuntimeDefault
          initContainers:
          - name: migrate
            image: registry.example/app:1.2.3
            securityContext:
              allowPrivilegeEscalation: false
              capabilities:
                drop: ["ALL"]
          containers:
          - name: app
            image: registry.example/app:1.2.3
            ports:
            - containerPort: 8080
            readinessProbe:
              httpGet: {path: /healthz, port: 8080}
            livenessProbe:
              tcpSocket: {port: 8080}
            securityContext:
              allowPrivilegeEscalation: false
              readOnlyRootFilesystem: true
              capabilities:
                drop: ["ALL"]
                add: ["NET_BIND_SERVICE"]
          - name: proxy
            image: registry.example/proxy:2.0
            ports:
            - containerPort: 9901
            securityContext:
              allowPrivilegeEscalation: false
              capabilities:
                drop: ["ALL"]
          volumes:
          - name: tmp
            emptyDir: {}
          - name: config
            configMap: {name: web-config}
          - name: token
            projected:
              sources:
              - serviceAccountToken: {path: token}
        """;

    private const string ViolatingYaml = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: legacy
        spec:
          hostNetwork: true
          containers:
          - name: app
            image: registry.example/app:1.2.3
            ports:
            - containerPort: 8080
              hostPort: 8080
            securityContext:
              privileged: true
          - name: sidecar
            image: registry.example/sidecar:1.0
          volumes:
          - name: host
            hostPath: {path: /var/run}
        """;

    private static readonly LevelVersion BaselineLatest = new(PodSecurityLevel.Baseline, PodSecurityVersion.Latest);

    private V1Pod _compliant = null!;
    private V1Pod _violating = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compliant = KubernetesYaml.Deserialize<V1Pod>(CompliantYaml);
        _violating = KubernetesYaml.Deserialize<V1Pod>(ViolatingYaml);
        ApiServerDefaulting.Apply(_compliant.Spec, PodSpecOwner.Pod);
        ApiServerDefaulting.Apply(_violating.Spec, PodSpecOwner.Pod);
    }

    [Benchmark(Baseline = true)]
    public bool CompliantBaselineLatest() =>
        PodSecurityEvaluator.Evaluate(BaselineLatest, _compliant.Metadata, _compliant.Spec).Allowed;

    [Benchmark]
    public bool CompliantRestrictedLatest() =>
        PodSecurityEvaluator.Evaluate(LevelVersion.RestrictedLatest, _compliant.Metadata, _compliant.Spec).Allowed;

    [Benchmark]
    public string ViolatingRestrictedLatest() =>
        PodSecurityEvaluator.Evaluate(LevelVersion.RestrictedLatest, _violating.Metadata, _violating.Spec).DenialMessage;
}

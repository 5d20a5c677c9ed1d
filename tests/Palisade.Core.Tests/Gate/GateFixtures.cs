using System.Text;
using Palisade.Core.Cis;
using Palisade.Core.Gate;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;
using Palisade.Core.Scanning;

namespace Palisade.Core.Tests.Gate;

/// <summary>A policy with a gate section, manifests and trivy-shaped reports written for the tests.</summary>
internal static class GateFixtures
{
    public static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    public const string Policy = """
        apiVersion: palisade.dev/v1alpha1
        kind: RuntimePolicy
        metadata: {name: gate-test}
        spec:
          runtimeClasses:
            - {name: gvisor, handler: runsc}
            - {name: kata, handler: kata}
          tiers:
            - name: trusted
              podSecurity: {level: baseline, version: latest}
          gate:
            version: 1
            registries:
              internal: [registry.internal]
              externalRuntimeClasses: [kata, gvisor]
            vulnerabilities:
              threshold: high
              countUnfixed: true
              maxReportAge: 7d
              escalate:
                - {severity: critical, unfixedOnly: true, runtimeClasses: [kata]}
            cis:
              ignore: ["5.31"]
        """;

    public static RuntimePolicy LoadPolicy(string text = Policy) => RuntimePolicyLoader.Parse(text, "policy.yaml");

    /// <summary>A hardened Deployment running <paramref name="image"/>, with <paramref name="runtimeClass"/> when given.</summary>
    public static string Deployment(string image, string? runtimeClass = null, string name = "web") => """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: NAME, namespace: shop}
        spec:
          selector: {matchLabels: {app: NAME}}
          template:
            metadata: {labels: {app: NAME}}
            spec:
              CLASS
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
                - name: app
                  image: IMAGE
                  securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                  resources: {limits: {memory: 128Mi, cpu: 500m}}
                  readinessProbe: {tcpSocket: {port: 8080}}
        """.Replace("NAME", name, StringComparison.Ordinal)
        .Replace("IMAGE", image, StringComparison.Ordinal)
        .Replace("CLASS", runtimeClass is null ? "hostUsers: false" : $"runtimeClassName: {runtimeClass}\n      hostUsers: false", StringComparison.Ordinal);

    public static ManifestSet Deploy(string yaml) => ManifestLoader.LoadText("deploy.yaml", yaml);

    public static string Trivy(string name, string digest, DateTimeOffset created, params (string Id, string Severity, string Status, string Fixed)[] vulns)
    {
        var items = string.Join(",", vulns.Select(v =>
            $$"""{"VulnerabilityID": "{{v.Id}}", "PkgName": "libfoo", "PkgID": "libfoo@1.0", "InstalledVersion": "1.0", "FixedVersion": "{{v.Fixed}}", "Status": "{{v.Status}}", "Severity": "{{v.Severity}}", "Fingerprint": "sha256:{{v.Id.GetHashCode(StringComparison.Ordinal):x8}}"}"""));
        return $$"""
            {"SchemaVersion": 2, "CreatedAt": "{{created:O}}", "ArtifactName": "{{name}}", "ArtifactType": "container_image",
             "Metadata": {"ImageID": "sha256:cfg", "RepoTags": ["{{name}}"], "RepoDigests": ["{{name.Split(':')[0]}}@{{digest}}"]},
             "Results": [{"Target": "{{name}} (alpine 3.20)", "Class": "os-pkgs", "Type": "alpine", "Vulnerabilities": [{{items}}]}]}
            """;
    }

    public static ScanReport Report(string json, string source = "trivy.json") =>
        ScanReportReader.Read(source, Encoding.UTF8.GetBytes(json)).Report!;

    public static ImageFacts Image(string name, string? user = "1000", string? digest = null) =>
        new(name, "image.tar", digest, null, user, ["PATH=/bin"], ["/app"], ["COPY app /app"], HasHealthcheck: true, [new ImageFile("/app", 0x1ed)]);

    public static GateInput Input(
        ManifestSet? manifests = null,
        IReadOnlyList<ScanReport>? reports = null,
        IReadOnlyList<ImageFacts>? images = null,
        IReadOnlyList<Suppression>? suppressions = null,
        Baseline? baseline = null,
        IReadOnlyList<CanaryOutcome>? canary = null,
        RuntimePolicy? policy = null) =>
        new(policy ?? LoadPolicy(), manifests, reports ?? [], images ?? [], suppressions ?? [], baseline, canary ?? [], Now);
}

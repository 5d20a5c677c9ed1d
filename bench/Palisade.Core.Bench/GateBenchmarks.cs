using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Palisade.Core.Gate;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;
using Palisade.Core.Scanning;

namespace Palisade.Core.Bench;

/// <summary>
/// The gate without the canary on the size: 50 Deployments in one manifest file and a trivy report of 5,000
/// vulnerabilities over 250 packages (every severity and fix state), both generated into a temporary folder and read
/// from disk as <c>palisade gate --manifests … --scan …</c> reads them, then one verdict. Reading and evaluating are
/// also measured apart.
/// </summary>
[MemoryDiagnoser]
public class GateBenchmarks
{
    private const int Manifests = 50;
    private const int Vulnerabilities = 5_000;
    private static readonly string[] Severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"];

    private string folder = "";
    private string manifestsPath = "";
    private string reportPath = "";
    private RuntimePolicy policy = RuntimePolicyLoader.Default;
    private ManifestSet manifests = null!;
    private ScanReport report = null!;

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("palisade-gate-bench-").FullName;
        manifestsPath = Path.Combine(folder, "deploy.yaml");
        reportPath = Path.Combine(folder, "trivy.json");
        File.WriteAllText(manifestsPath, Deployments());
        File.WriteAllText(reportPath, TrivyReport());
        policy = RuntimePolicyLoader.Parse("""
            apiVersion: palisade.dev/v1alpha1
            kind: RuntimePolicy
            metadata: {name: bench}
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
                  escalate:
                    - {severity: critical, unfixedOnly: true, runtimeClasses: [kata]}
            """, "bench-policy.yaml");
        manifests = ManifestLoader.Load([manifestsPath]);
        report = ScanReportReader.ReadFile(reportPath).Report ?? throw new InvalidOperationException("the generated report does not read");
        // The inputs must exercise the gate: the report matched to the image the manifests deploy, so every critical
        // and high vulnerability (2 in 5) becomes a finding; the rest are counted below the threshold.
        var findings = Evaluate(manifests, report);
        if (findings < Vulnerabilities * 2 / 5)
        {
            throw new InvalidOperationException($"only {findings} findings: the generated report does not match the manifests' image");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [Benchmark(Baseline = true)]
    public int ReadAndEvaluate()
    {
        var loaded = ManifestLoader.Load([manifestsPath]);
        var read = ScanReportReader.ReadFile(reportPath).Report!;
        return Evaluate(loaded, read);
    }

    [Benchmark]
    public int ReadOnly() => ManifestLoader.Load([manifestsPath]).Objects.Count + ScanReportReader.ReadFile(reportPath).Report!.Findings.Count;

    [Benchmark]
    public int EvaluateOnly() => Evaluate(manifests, report);

    private int Evaluate(ManifestSet set, ScanReport scan) =>
        GateEvaluator.Evaluate(new GateInput(policy, set, [scan], [], [], null, [], new DateTimeOffset(2026, 12, 3, 0, 0, 0, TimeSpan.Zero))).Findings.Count;

    private static string Deployments()
    {
        var yaml = new StringBuilder();
        for (var i = 0; i < Manifests; i++)
        {
            // Every fifth comes from an external registry; the rest run the scanned image (matched by name).
            var image = i % 5 == 0 ? $"ghcr.io/vendor/web:1.{i}" : "registry.internal/shop/web:1.0";
            yaml.Append(CultureInfo.InvariantCulture, $$$"""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app-{{{i}}}, namespace: shop}
                spec:
                  selector: {matchLabels: {app: app-{{{i}}}}}
                  template:
                    metadata: {labels: {app: app-{{{i}}}}}
                    spec:
                      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
                      containers:
                        - name: app
                          image: {{{image}}}
                          securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                          resources: {limits: {memory: 128Mi, cpu: 500m}}
                          readinessProbe: {tcpSocket: {port: 8080}}
                ---

                """);
        }

        return yaml.ToString();
    }

    private static string TrivyReport()
    {
        var items = new StringBuilder();
        for (var i = 0; i < Vulnerabilities; i++)
        {
            var fixedIn = i % 3 == 0 ? "" : $"2.{i % 7}";
            var status = fixedIn.Length == 0 ? "affected" : "fixed";
            items.Append(i == 0 ? "" : ",\n").Append(CultureInfo.InvariantCulture, $$"""
                {"VulnerabilityID": "CVE-2024-{{10000 + i}}", "PkgName": "lib{{i % 250}}", "PkgID": "lib{{i % 250}}@1.0", "InstalledVersion": "1.0", "FixedVersion": "{{fixedIn}}", "Status": "{{status}}", "Severity": "{{Severities[i % Severities.Length]}}", "Title": "a flaw in lib{{i % 250}}"}
                """);
        }

        return $$"""
            {"SchemaVersion": 2, "CreatedAt": "2026-12-02T12:00:00Z", "ArtifactName": "registry.internal/shop/web:1.0", "ArtifactType": "container_image",
             "Metadata": {"RepoTags": ["registry.internal/shop/web:1.0"], "RepoDigests": ["registry.internal/shop/web@sha256:{{new string('a', 64)}}"]},
             "Results": [{"Target": "registry.internal/shop/web:1.0 (debian 12)", "Class": "os-pkgs", "Type": "debian", "Vulnerabilities": [{{items}}]}]}
            """;
    }
}

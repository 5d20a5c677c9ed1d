using System.Text.Json.Nodes;
using Palisade.Sandbox.Images;

namespace Palisade.Cli.Tests.Commands;

/// <summary>
/// The gate end to end, as a user runs it: OCI layouts built here from the sample programs (a static C aggregator
/// running as a non-root user, and a static C program calling userfaultfd as root), a trivy-shaped report written for
/// the image's digest, manifests and a policy with a gate section. Two tests run the real canary (runsc and runc).
/// </summary>
[Collection(RealRuntimes.Name)]
public sealed class GateCommandTests : IDisposable
{
    private const string Policy = """
        apiVersion: palisade.dev/v1alpha1
        kind: RuntimePolicy
        metadata: {name: gate-e2e}
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
        """;

    private static readonly Lazy<Task<(string Good, string Uffd)>> Layouts = new(BuildLayoutsAsync);

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Gate_CleanImageReportAndManifests_Passes()
    {
        var (exit, output, _) = await GateAsync(await GoodAsync(), Report(("CVE-2024-0001", "MEDIUM", "fixed", "1.1")));

        Assert.True(exit == 0, output);
        Assert.StartsWith("gate: PASS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_FixedCriticalVulnerability_Fails()
    {
        var (exit, output, _) = await GateAsync(await GoodAsync(), Report(("CVE-2024-0002", "CRITICAL", "fixed", "1.1")));

        Assert.Equal(1, exit);
        Assert.StartsWith("gate: FAIL (1 finding block the release)", output, StringComparison.Ordinal);
        Assert.Contains("FAIL       CVE-2024-0002 ", output, StringComparison.Ordinal);
        Assert.Contains("CVE-2024-0002 (critical) in libfoo 1.0: fixed in 1.1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_ExternalRegistryImageWithoutSandboxClass_FailsAtTheImageLine()
    {
        var deploy = dir.Write("deploy.yaml", Deployment("ghcr.io/acme/web:1.0"));

        var (exit, output, _) = await CliRunner.RunAsync("gate", "--manifests", deploy, "--policy", dir.Write("policy.yaml", Policy));

        Assert.Equal(1, exit);
        Assert.Contains("FAIL       externalRegistry Deployment shop/web: container \"app\" runs ghcr.io/acme/web:1.0 from the external registry ghcr.io", output, StringComparison.Ordinal);
        Assert.Contains($"must run with runtimeClassName kata or gvisor (it runs with none, so runc) ({deploy}:13:11)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_ImageRunningAsRoot_FailsOnCis41()
    {
        var (_, uffd) = await Layouts.Value;

        var (exit, output, _) = await GateAsync(uffd, Report());

        Assert.Equal(1, exit);
        Assert.Contains("FAIL       4.1 ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL       CVE", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_ValidSuppression_PassesAndExpiredOne_FailsWithItsReason()
    {
        var good = await GoodAsync();
        var report = Report(("CVE-2024-0002", "CRITICAL", "fixed", "1.1"));

        var valid = await GateAsync(good, report, "--suppressions", dir.Write("valid.yaml", Suppressions("2099-12-31")));
        var expired = await GateAsync(good, report, "--suppressions", dir.Write("expired.yaml", Suppressions("2020-01-31")));

        Assert.True(valid.Exit == 0, valid.Out);
        Assert.Contains("suppressed CVE-2024-0002 ", valid.Out, StringComparison.Ordinal);
        Assert.Equal(1, expired.Exit);
        Assert.Contains("expired on 2020-01-31", expired.Out, StringComparison.Ordinal);
        Assert.Contains("its reason was: the parser is not reachable from the network", expired.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_WithBaseline_OnlyNewFindingsFail()
    {
        var good = await GoodAsync();
        var baseline = Path.Combine(dir.Path, "baseline.json");
        var before = await GateAsync(good, Report(("CVE-2024-0002", "CRITICAL", "fixed", "1.1")), "--write-baseline", baseline);

        var same = await GateAsync(good, Report(("CVE-2024-0002", "CRITICAL", "fixed", "1.1")), "--baseline", baseline);
        var added = await GateAsync(good, Report(("CVE-2024-0002", "CRITICAL", "fixed", "1.1"), ("CVE-2024-0003", "HIGH", "fixed", "2.0")), "--baseline", baseline);

        Assert.Equal(1, before.Exit);
        Assert.True(File.Exists(baseline));
        Assert.True(same.Exit == 0, same.Out);
        Assert.Contains("baselined  CVE-2024-0002 ", same.Out, StringComparison.Ordinal);
        Assert.Equal(1, added.Exit);
        Assert.Contains("FAIL       CVE-2024-0003 ", added.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL       CVE-2024-0002 ", added.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_CriticalUnfixed_FailsOnRuncAndPassesOnceTheManifestUsesKata()
    {
        var good = await GoodAsync();
        var report = Report(("CVE-2024-0004", "CRITICAL", "affected", ""));

        var onRunc = await GateAsync(good, report);
        var onKata = await GateWithClassAsync(good, report, "kata");

        Assert.Equal(1, onRunc.Exit);
        Assert.Contains("FAIL       escalation ", onRunc.Out, StringComparison.Ordinal);
        Assert.True(onKata.Exit == 0, onKata.Out);
        Assert.Contains("escalated  CVE-2024-0004 ", onKata.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_CanaryOfAnImageThatRunsUnderRunsc_Passes()
    {
        var (exit, output, err) = await GateAsync(await GoodAsync(), Report(), "--canary", "--canary-duration", "60");

        Assert.True(exit == 0, output + err);
        Assert.Contains("exited 0 under runsc as under runc", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_CanaryOfAnImageNeedingUserfaultfd_FailsOnlyUnderRunscWithEvidence()
    {
        var (_, uffd) = await Layouts.Value;
        var rootAccepted = dir.Write("root.yaml", """
            apiVersion: palisade.dev/v1alpha1
            kind: GateSuppressions
            suppressions:
              - id: "4.1"
                reason: the canary test looks at the runtime only
            """);

        var (exit, output, err) = await GateAsync(uffd, Report(), "--canary", "--canary-duration", "60", "--suppressions", rootAccepted);

        Assert.True(exit == 1, output + err);
        Assert.Contains("fails only under runsc (exit 1; under runc: exit 0)", output, StringComparison.Ordinal);
        Assert.Contains("userfaultfd", output, StringComparison.Ordinal);
        Assert.DoesNotContain("FAIL       4.1 ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gate_Sarif_ValidWithOneRunPerCategoryAndFingerprintsStableAcrossRuns()
    {
        var (_, uffd) = await Layouts.Value;
        var report = Report(("CVE-2024-0002", "CRITICAL", "fixed", "1.1"), ("CVE-2024-0003", "HIGH", "affected", ""));

        var first = await GateAsync(uffd, report, "--format", "sarif");
        var second = await GateAsync(uffd, report, "--format", "sarif");

        Assert.Equal(1, first.Exit);
        using var json = System.Text.Json.JsonDocument.Parse(first.Out);
        SarifStructure.AssertValid(json.RootElement);
        var categories = json.RootElement.GetProperty("runs").EnumerateArray()
            .Select(r => r.GetProperty("automationDetails").GetProperty("id").GetString()).ToList();
        Assert.Equal(categories.Distinct().Count(), categories.Count);
        Assert.Contains(categories, c => c!.Contains("vulnerabilities", StringComparison.Ordinal));
        Assert.Contains(categories, c => c!.Contains("cis", StringComparison.Ordinal));
        Assert.Equal(Fingerprints(first.Out), Fingerprints(second.Out));
        Assert.NotEmpty(Fingerprints(first.Out));
    }

    private static List<string> Fingerprints(string sarif)
    {
        using var json = System.Text.Json.JsonDocument.Parse(sarif);
        return [.. json.RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(r => r.GetProperty("results").EnumerateArray())
            .SelectMany(r => r.GetProperty("partialFingerprints").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}"))];
    }

    private static async Task<string> GoodAsync() => (await Layouts.Value).Good;

    private static async Task<(string Good, string Uffd)> BuildLayoutsAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "palisade-gate-e2e-" + Guid.NewGuid().ToString("N"));
        var good = await SampleImages.BuildLayoutAsync(SampleImage.DataProcessing, Path.Combine(root, "good"), CancellationToken.None);
        var uffd = await SampleImages.BuildLayoutAsync(SampleImage.Incompatible, Path.Combine(root, "uffd"), CancellationToken.None);
        return (good, uffd);
    }

    /// <summary>Runs the gate on <paramref name="layout"/>, deployed by digest from the internal registry, with <paramref name="report"/> written for it.</summary>
    private Task<(int Exit, string Out, string Err)> GateAsync(string layout, Func<string, string> report, params string[] more) =>
        GateWithClassAsync(layout, report, null, more);

    /// <summary>The same, with the Deployment asking for <paramref name="runtimeClass"/> (a distinct name: an overload would take the first option for the class).</summary>
    private async Task<(int Exit, string Out, string Err)> GateWithClassAsync(string layout, Func<string, string> report, string? runtimeClass, params string[] more)
    {
        var digest = ManifestDigest(layout);
        var image = $"registry.internal/shop/web@{digest}";
        string[] args =
        [
            "gate", "--image", layout, "--manifests", dir.Write("deploy.yaml", Deployment(image, runtimeClass)),
            "--scan", dir.Write("trivy.json", report(digest)), "--policy", dir.Write("policy.yaml", Policy), .. more,
        ];
        return await CliRunner.RunAsync(args);
    }

    private static string ManifestDigest(string layout) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(layout, "index.json")))!["manifests"]![0]!["digest"]!.GetValue<string>();

    /// <summary>A trivy <c>-f json</c> report (SchemaVersion 2) of registry.internal/shop/web at the given digest.</summary>
    private static Func<string, string> Report(params (string Id, string Severity, string Status, string Fixed)[] vulns) => digest =>
    {
        var items = string.Join(",", vulns.Select(v =>
            $$"""{"VulnerabilityID": "{{v.Id}}", "PkgName": "libfoo", "PkgID": "libfoo@1.0", "InstalledVersion": "1.0", "FixedVersion": "{{v.Fixed}}", "Status": "{{v.Status}}", "Severity": "{{v.Severity}}"}"""));
        return $$"""
            {"SchemaVersion": 2, "CreatedAt": "{{TimeProvider.System.GetUtcNow().AddHours(-1):O}}", "ArtifactName": "registry.internal/shop/web:1.0", "ArtifactType": "container_image",
             "Metadata": {"RepoTags": ["registry.internal/shop/web:1.0"], "RepoDigests": ["registry.internal/shop/web@{{digest}}"]},
             "Results": [{"Target": "registry.internal/shop/web:1.0 (debian 12)", "Class": "os-pkgs", "Type": "debian", "Vulnerabilities": [{{items}}]}]}
            """;
    };

    private static string Suppressions(string expires) => $"""
        apiVersion: palisade.dev/v1alpha1
        kind: GateSuppressions
        suppressions:
          - id: CVE-2024-0002
            package: libfoo
            reason: the parser is not reachable from the network
            expires: {expires}
        """;

    /// <summary>A hardened Deployment (passes Pod Security and the pod CIS checks) running <paramref name="image"/>.</summary>
    private static string Deployment(string image, string? runtimeClass = null) => """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              CLASS
              securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
              containers:
                - name: app
                  image: IMAGE
                  securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}
                  resources: {limits: {memory: 128Mi, cpu: 500m}}
                  readinessProbe: {tcpSocket: {port: 8080}}
        """.Replace("IMAGE", image, StringComparison.Ordinal)
        .Replace("CLASS", runtimeClass is null ? "hostUsers: false" : $"runtimeClassName: {runtimeClass}\n      hostUsers: false", StringComparison.Ordinal);
}

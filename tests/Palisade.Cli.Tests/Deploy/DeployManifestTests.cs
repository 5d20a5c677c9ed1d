using System.Text.Json.Nodes;
using Palisade.Core.Manifests;
using Palisade.Core.Node;
using Palisade.Core.Policy;

namespace Palisade.Cli.Tests.Deploy;

public sealed class DeployManifestTests
{
    private static readonly string DeployFolder = Path.Combine(CliRunner.RepoRoot, "deploy");

    // The webhook's bundle: the files docs/webhook.md applies (kubectl apply -f does not descend into deploy/monitor).
    private static readonly string[] BundleFiles = [.. Directory.GetFiles(DeployFolder, "*.yaml").Order(StringComparer.Ordinal)];
    private static readonly ManifestSet Manifests = ManifestLoader.Load(BundleFiles);

    [Fact]
    public async Task Check_DeployFolder_PassesRestricted()
    {
        var (exit, output, error) = await CliRunner.RunAsync(["check", .. BundleFiles, "--level", "restricted"]);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("Deployment palisade-system/palisade-webhook", output, StringComparison.Ordinal);
        Assert.Contains("1 allowed, 0 denied", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Deployment_HighlyAvailableWithLimitsAndProbes()
    {
        var deployment = Single("Deployment").Body;
        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<int>());
        var pod = deployment["spec"]!["template"]!["spec"]!;
        Assert.NotNull(pod["affinity"]!["podAntiAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]);
        var container = pod["containers"]![0]!;
        Assert.NotNull(container["resources"]!["requests"]!["memory"]);
        Assert.NotNull(container["resources"]!["limits"]!["memory"]);
        Assert.Equal("/healthz", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/readyz", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal(2, Single("PodDisruptionBudget").Body["spec"]!["minAvailable"]!.GetValue<int>());
        Assert.Equal(443, Single("Service").Body["spec"]!["ports"]![0]!["port"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("MutatingWebhookConfiguration")]
    [InlineData("ValidatingWebhookConfiguration")]
    public void Webhooks_NoSideEffectsShortTimeoutAndSystemNamespacesLeftOut(string kind)
    {
        var webhooks = Single(kind).Body["webhooks"]!.AsArray();

        Assert.NotEmpty(webhooks);
        foreach (var webhook in webhooks)
        {
            Assert.Equal("None", webhook!["sideEffects"]!.GetValue<string>());
            Assert.InRange(webhook["timeoutSeconds"]!.GetValue<int>(), 1, 5);
            var excluded = webhook["namespaceSelector"]!["matchExpressions"]!.AsArray()
                .Single(e => e!["key"]!.GetValue<string>() == "kubernetes.io/metadata.name");
            Assert.Equal("NotIn", excluded!["operator"]!.GetValue<string>());
            Assert.Equal(["kube-system", "palisade-system"], excluded["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        }

        // Sandbox tiers fail closed, everything else fails open.
        Assert.Contains(webhooks, w => w!["failurePolicy"]!.GetValue<string>() == "Fail");
        Assert.Contains(webhooks, w => w!["failurePolicy"]!.GetValue<string>() == "Ignore");
    }

    [Fact]
    public void RuntimeClassesAndPolicyConfigMap_MatchTheBuiltInPolicy()
    {
        var classes = Manifests.Objects.Where(o => o.Kind == "RuntimeClass")
            .Select(o => $"{o.Name}:{o.Body["handler"]!.GetValue<string>()}");
        Assert.Equal(RuntimePolicyLoader.Default.RuntimeClasses.Select(c => $"{c.Name}:{c.Handler}"), classes);

        var configMap = Single("ConfigMap");
        var text = configMap.Body["data"]!["runtime-policy.yaml"]!.GetValue<string>();
        var policy = RuntimePolicyLoader.Parse(text, "deploy/30-policy.yaml");
        var builtIn = RuntimePolicyLoader.Default;
        Assert.Equal(
            builtIn.Tiers.Select(t => $"{t.Name}:{t.RuntimeClass}:{string.Join('+', t.AllowedRuntimeClasses)}:{t.PodSecurity}:{t.Match.Count}"),
            policy.Tiers.Select(t => $"{t.Name}:{t.RuntimeClass}:{string.Join('+', t.AllowedRuntimeClasses)}:{t.PodSecurity}:{t.Match.Count}"));
    }

    [Fact]
    public void RuntimeClasses_AreWhatNodeConfigGenerates_SameOverheadAsAssess()
    {
        // One source for the overhead: deploy/ carries exactly what `palisade node config runtimeclass` writes.
        var text = File.ReadAllText(Path.Combine(DeployFolder, "10-runtimeclasses.yaml"));
        var body = string.Concat(text.Split('\n').SkipWhile(l => l.StartsWith('#')).Select(l => l + "\n")).TrimEnd('\n') + "\n";
        var generated = RuntimeClassGenerator.ToYaml(RuntimeClassGenerator.Generate(new NodeConfigOptions { Runtimes = [NodeRuntime.Runsc, NodeRuntime.Kata] }, new RuntimeClassOptions()));
        Assert.Equal(generated, body);
        var gvisor = Manifests.Objects.Single(o => o.Kind == "RuntimeClass" && o.Name == "gvisor");
        Assert.Equal(SandboxOverhead.Gvisor.Cpu, gvisor.Body["overhead"]!["podFixed"]!["cpu"]!.GetValue<string>());
        Assert.Equal(SandboxOverhead.Gvisor.Memory, gvisor.Body["overhead"]!["podFixed"]!["memory"]!.GetValue<string>());
    }

    [Fact]
    public async Task Check_MonitorBundle_AllowedByItsOwnNamespaceLevelOnly()
    {
        var monitor = Path.Combine(DeployFolder, "monitor", "monitor-daemonset.yaml");

        var (exit, output, _) = await CliRunner.RunAsync("check", monitor);
        var (restrictedExit, restricted, _) = await CliRunner.RunAsync("check", monitor, "--level", "restricted");

        Assert.True(exit == 0, output);
        Assert.Contains("DaemonSet palisade-monitor/palisade-monitor", output, StringComparison.Ordinal);
        Assert.Contains("privileged:latest (namespace palisade-monitor", output, StringComparison.Ordinal);
        Assert.True(restrictedExit == 1, restricted);
    }

    private static ManifestObject Single(string kind) => Assert.Single(Manifests.Objects, o => o.Kind == kind);
}

using Palisade.Core.Checking;
using Palisade.Core.Manifests;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Tests.Checking;

/// <summary>
/// What a user saw checking public install bundles: a host-network Deployment or DaemonSet with a containerPort got an
/// extra hostPort reason. The API server fills hostPort from containerPort only for a Pod (SetDefaults_Pod).
/// </summary>
public sealed class HostNetworkPortsCheckTests
{
    private const string HostNetworkSpec = """
        hostNetwork: true
        containers:
          - name: x
            image: x:1
            ports:
              - containerPort: 8080
        """;

    public static TheoryData<string, string> Templates => new()
    {
        { "Deployment", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n" + Indent(HostNetworkSpec, 6) },
        { "DaemonSet", "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n" + Indent(HostNetworkSpec, 6) },
        { "CronJob", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: w}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n" + Indent(HostNetworkSpec, 10) },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void Check_HostNetworkPodTemplateWithContainerPort_DeniesHostNetworkOnlyWithoutHostPort(string kind, string yaml)
    {
        var result = Assert.Single(ManifestChecker.Check(ManifestLoader.LoadText("w.yaml", yaml), new CheckOptions(PodSecurityLevel.Baseline)).Results);

        Assert.Equal(kind, result.Kind);
        Assert.Equal(["hostNamespaces"], result.Violations.Select(v => v.Check));
        Assert.DoesNotContain("hostPort", result.Denial, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_HostNetworkPodWithContainerPort_AlsoDeniesTheDefaultedHostPort()
    {
        var yaml = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n" + Indent(HostNetworkSpec, 2);

        var result = Assert.Single(ManifestChecker.Check(ManifestLoader.LoadText("p.yaml", yaml), new CheckOptions(PodSecurityLevel.Baseline)).Results);

        Assert.Equal(["hostNamespaces", "hostPorts"], result.Violations.Select(v => v.Check));
        Assert.Contains("hostPort (container \"x\" uses hostPort 8080)", result.Denial, StringComparison.Ordinal);
    }

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(l => new string(' ', spaces) + l)) + "\n";
}

using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

/// <summary>
/// Two differences from upstream found by running <c>palisade check</c> over public install bundles, as the user ran
/// it: a host-network DaemonSet got an extra hostPort reason, and a Helm-rendered ConfigMap kubectl accepts was refused
/// (and the rest of its file went unchecked).
/// </summary>
public sealed class CheckUpstreamParityTests
{
    private const string HostNetworkDaemonSet = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-agent
        spec:
          selector: {matchLabels: {app: node-agent}}
          template:
            metadata: {labels: {app: node-agent}}
            spec:
              hostNetwork: true
              containers:
                - name: agent
                  image: agent:1
                  ports:
                    - containerPort: 8080
        """;

    [Fact]
    public async Task Check_HostNetworkDaemonSetWithContainerPort_DenialNamesHostNetworkOnly()
    {
        using var dir = new TempDir();
        var file = dir.Write("daemonset.yaml", HostNetworkDaemonSet);

        var (exit, output, _) = await CliRunner.RunAsync("check", file, "--level", "baseline", "--format", "json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(
            "violates PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true)",
            json.RootElement.GetProperty("results")[0].GetProperty("denial").GetString());
    }

    [Fact]
    public async Task Check_HelmConfigMapWhoseBlockStartsWithSpacesOnlyLine_IsReadAndTheFileChecked()
    {
        using var dir = new TempDir();
        var file = dir.Write(
            "rendered.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: scripts\ndata:\n  start.sh: |\n    \n    echo start\n---\n"
            + HostNetworkDaemonSet.Replace("hostNetwork: true", "hostNetwork: false", StringComparison.Ordinal));

        var (exit, output, error) = await CliRunner.RunAsync("check", file, "--level", "baseline");

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        Assert.Contains("1 object checked: 1 allowed, 0 denied", output, StringComparison.Ordinal);
    }
}

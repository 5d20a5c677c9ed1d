using System.Text.Json;
using Palisade.Core.Monitoring;
using Palisade.Core.Node;
using Palisade.Monitor;
using Palisade.Sandbox.Node;

namespace Palisade.Cli.Tests.Commands;

/// <summary>
/// Pod names in alerts, as on a node: a real containerd (a throwaway one, configured by Palisade's generator) whose
/// runsc handler streams a trace session to the monitor, a pod run through the CRI by <c>node verify</c>, and the
/// monitor looking each sandbox's pod up through the same CRI socket.
/// </summary>
[Collection(RealRuntimes.Name)]
public sealed class MonitorPodNamesTests
{
    private const string Rules = """
        - rule: Activity in the verify namespace
          desc: Anything the node verify pod starts or opens, matched on the namespace the CRI reports.
          condition: evt.type in (execve, container_start, openat) and k8s.ns.name = palisade-verify
          output: Activity (evt.type=%evt.type k8s.pod.name=%k8s.pod.name k8s.ns.name=%k8s.ns.name container.id=%container.id)
          priority: NOTICE
        """;

    [Fact]
    public async Task Monitor_WithTheCriSocket_RulesAndAlertsSeeThePodAndNamespace()
    {
        using var folder = new TempDir();
        var socket = Path.Combine(folder.Path, "monitor.sock");
        var session = folder.Write("pod-init.json", TraceSession.PodInitConfig(socket));
        var rules = MonitorHost.LoadRules([folder.Write("rules.yaml", Rules)], builtIn: false);
        Assert.True(rules.Ok, string.Join('\n', rules.Errors));
        try
        {
            var options = ThrowawayContainerd.Configure(folder.Path, new NodeConfigOptions
            {
                Runtimes = [NodeRuntime.Runc, NodeRuntime.Runsc],
                RunscShim = RunscShim.Runc,
                RunscNetwork = "none",
                RunscAdapterPath = NodeInstaller.AdapterNextToPalisade(),
                RunscPodInitConfig = session,
            });
            await using var daemon = await ThrowawayContainerd.StartAsync(folder.Path, options, CancellationToken.None);
            using var pods = CriPodDirectory.Open(daemon.Socket);
            using var alerts = new StringWriter();
            using var stop = new CancellationTokenSource();
            var lookups = new System.Collections.Concurrent.ConcurrentQueue<string>();
            async Task<PodIdentity?> Lookup(string id, CancellationToken ct)
            {
                var pod = await pods.LookupAsync(id, ct);
                lookups.Enqueue($"{id[..12]} -> {pod?.ToString() ?? "unknown"}");
                return pod;
            }

            var monitor = MonitorHost.RunAsync(new MonitorHostOptions(socket, []) { PodLookup = Lookup }, rules.Rules!, alerts, TextWriter.Null, stop.Token);
            for (var i = 0; i < 100 && !File.Exists(socket); i++)
            {
                await Task.Delay(100);
            }

            var (exit, output, error) = await CliRunner.RunAsync("node", "verify", "--containerd-address", daemon.Socket, "--handler", "runsc");
            await stop.CancelAsync();
            await monitor;

            Assert.True(exit == 0, output + error);
            var fired = alerts.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("output_fields"))
                .ToList();
            Assert.True(fired.Count > 0, "no alert; lookups: " + string.Join("; ", lookups));
            Assert.All(fired, f =>
            {
                Assert.Equal("palisade-verify-runsc", f.GetProperty("k8s.pod.name").GetString());
                Assert.Equal("palisade-verify", f.GetProperty("k8s.ns.name").GetString());
                Assert.False(string.IsNullOrEmpty(f.GetProperty("container.id").GetString()));
            });
            // The app containers' own starts come after the sandbox's pod is known.
            Assert.Contains(fired, f => f.GetProperty("evt.type").GetString() == "container_start");
        }
        finally
        {
            await ContainerdDaemon.CleanUpAsync(folder.Path);
        }
    }
}

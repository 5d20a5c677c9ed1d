using Palisade.Sandbox.Node;

namespace Palisade.Sandbox.Tests.Node;

[Collection(ContainerdTests.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NodeVerifierTests
{
    [Fact]
    public async Task VerifyAsync_RuncAndRunscHandlers_BothPassAndRunscShowsGvisorKernel()
    {
        var folder = Directory.CreateTempSubdirectory("palisade-containerd-").FullName;
        try
        {
            var socket = Path.Combine(folder, "containerd.sock");
            var config = Path.Combine(folder, "config.toml");
            await File.WriteAllTextAsync(config, $$"""
                version = 2
                root = "{{folder}}/root"
                state = "{{folder}}/state"
                [grpc]
                  address = "{{socket}}"
                [plugins."io.containerd.grpc.v1.cri"]
                  sandbox_image = "localhost/palisade/pause:v1"
                  restrict_oom_score_adj = true
                  [plugins."io.containerd.grpc.v1.cri".cni]
                    bin_dir = "/usr/lib/cni"
                    conf_dir = "{{folder}}/cni"
                  [plugins."io.containerd.grpc.v1.cri".containerd]
                    default_runtime_name = "runc"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
                      runtime_type = "io.containerd.runc.v2"
                    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
                      runtime_type = "io.containerd.runc.v2"
                      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc.options]
                        BinaryName = "{{folder}}/runsc-cri"
                """);
            await File.WriteAllTextAsync(Path.Combine(folder, "runsc-cri"), "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = start ] && exec /usr/bin/runsc --network=none \"$@\" >/dev/null 2>&1; done\nexec /usr/bin/runsc --network=none \"$@\"\n");
            File.SetUnixFileMode(Path.Combine(folder, "runsc-cri"), (UnixFileMode)0b111_101_101);
            Directory.CreateDirectory(Path.Combine(folder, "cni"));
            await File.WriteAllTextAsync(Path.Combine(folder, "cni", "10-palisade.conflist"), $$$"""
                {"cniVersion":"0.4.0","name":"palisade-verify","plugins":[{"type":"ptp","ipMasq":false,"ipam":{"type":"host-local","subnet":"10.88.240.0/24","dataDir":"{{{folder}}}/cni-ipam"}}]}
                """);
            await using var daemon = await ContainerdDaemon.StartAsync(config, socket, folder, TimeSpan.FromSeconds(30), CancellationToken.None);
            var report = await NodeVerifier.VerifyAsync(socket, [], CancellationToken.None);
            Assert.True(report.Passed, string.Join("\n", report.Handlers.Select(h => $"{h.Handler}: {h.Detail}")) + report.CriProblem + report.Network + string.Join("\n", daemon.Log.Split((char)10).Where(l => l.Contains("cni", StringComparison.OrdinalIgnoreCase) || l.Contains("level=error", StringComparison.Ordinal)).Select(l => l.Length > 400 ? l[..400] : l)));
        }
        finally
        {
            await ContainerdDaemon.UnmountUnderAsync(folder);
            Directory.Delete(folder, recursive: true);
        }
    }
}

using Palisade.Core.Node;
using Palisade.Sandbox.Node;

namespace Palisade.Cli.Tests.Commands;

/// <summary>`node verify` against a real containerd started for the test (a config of its own in a temp folder).</summary>
[Collection(RealRuntimes.Name)]
public sealed class NodeVerifyCommandTests
{
    [Fact]
    public async Task Verify_ThrowawayContainerdWithRuncAndRunsc_ExitsZeroAndPassesBoth()
    {
        using var folder = new TempDir();
        try
        {
            var options = ThrowawayContainerd.Configure(folder.Path, new NodeConfigOptions { Runtimes = [NodeRuntime.Runc, NodeRuntime.Runsc], RunscShim = RunscShim.Runc, RunscNetwork = "none", RunscAdapterPath = NodeInstaller.AdapterNextToPalisade() });
            await using var daemon = await ThrowawayContainerd.StartAsync(folder.Path, options, CancellationToken.None);

            var (exit, output, error) = await CliRunner.RunAsync("node", "verify", "--containerd-address", daemon.Socket);

            Assert.True(exit == 0, output + error);
            Assert.Matches(@"PASS  runc   io\.containerd\.runc\.v2  expected host kernel", output);
            Assert.Matches(@"PASS  runsc  io\.containerd\.runc\.v2 BinaryName=\S+runsc-cri  expected gVisor kernel", output);
            Assert.Contains("2 of 2 handler(s) verified", output, StringComparison.Ordinal);
            // Not a terminal: each step as a plain counted line on stderr, the last one closing the count.
            Assert.Contains("palisade: [1/", error, StringComparison.Ordinal);
            Assert.Matches(@"palisade: \[\d+/\d+\] runc: exec uname -r", error);
            Assert.Matches(@"palisade: \[(\d+)/\1\] runsc: RemovePodSandbox", error);
        }
        finally
        {
            await ContainerdDaemon.CleanUpAsync(folder.Path);
        }
    }
}

using Palisade.Core.Node;
using Palisade.Sandbox.Node;

namespace Palisade.Sandbox.Tests.Node;

[Collection(ContainerdTests.Name)]
public sealed class NodeInstallerTests
{
    [Fact]
    public void Install_ExistingDifferentFile_RefusedWithoutForceAndBackedUpWithIt()
    {
        var folder = Directory.CreateTempSubdirectory("palisade-install-").FullName;
        try
        {
            var options = new NodeConfigOptions { RunscShim = RunscShim.Runc, RunscNetwork = "none", RunscWrapperPath = Path.Combine(folder, "bin", "runsc-cri"), RunscAdapterPath = Path.Combine(folder, "lib", "runsc-shim-adapter") };
            var files = RunscSideFile.InstallFiles(options);

            var first = NodeInstaller.Install(files, AdapterBuild.Path, force: false, TimeProvider.System);
            var again = NodeInstaller.Install(files, AdapterBuild.Path, force: false, TimeProvider.System);
            File.WriteAllText(options.RunscWrapperPath, "#!/bin/sh\nexec /usr/bin/runsc \"$@\"\n");
            var refused = Assert.Throws<InstallRefusedException>(() => NodeInstaller.Install(files, AdapterBuild.Path, force: false, TimeProvider.System));
            var untouched = File.ReadAllText(options.RunscWrapperPath);
            var forced = NodeInstaller.Install(files, AdapterBuild.Path, force: true, TimeProvider.System);

            Assert.All(first, f => Assert.Equal("installed", f.Action));
            Assert.Contains(first, f => f.Path == options.RunscAdapterPath);
            Assert.All(again, f => Assert.Equal("unchanged", f.Action));
            Assert.Contains(options.RunscWrapperPath, refused.Message, StringComparison.Ordinal);
            Assert.Equal("#!/bin/sh\nexec /usr/bin/runsc \"$@\"\n", untouched);
            var replaced = Assert.Single(forced, f => f.Action == "replaced");
            Assert.Equal(options.RunscWrapperPath + ".bak", replaced.Backup);
            Assert.Equal(untouched, File.ReadAllText(replaced.Backup!));
            Assert.Equal(RunscSideFile.Generate(options), File.ReadAllText(options.RunscWrapperPath));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task InstalledAdapter_ContainerdWithTheGeneratedConfig_RunscPassesEveryVerifyStep()
    {
        using var folder = new ContainerdFolder();
        var configured = ThrowawayContainerd.Configure(folder.Path, new NodeConfigOptions
        {
            Runtimes = [NodeRuntime.Runsc],
            RunscShim = RunscShim.Runc,
            RunscNetwork = "none",
            RunscAdapterPath = Path.Combine(folder.Path, "installed", "runsc-shim-adapter"),
        });
        var installed = NodeInstaller.Install(RunscSideFile.InstallFiles(configured), AdapterBuild.Path, force: false, TimeProvider.System);
        await using var daemon = await ThrowawayContainerd.StartAsync(folder.Path, configured, CancellationToken.None);

        var report = await NodeVerifier.VerifyAsync(daemon.Socket, ["runsc"], CancellationToken.None);

        Assert.Contains(installed, f => f.Path == configured.RunscAdapterPath && f.Action == "installed");
        var runsc = Assert.Single(report.Handlers);
        Assert.True(runsc.Passed, NodeVerifierTests.Describe(report));
        Assert.Equal(11, runsc.Steps.Count);
    }
}

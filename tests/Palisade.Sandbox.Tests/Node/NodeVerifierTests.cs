using Xunit.Abstractions;
using Palisade.Core.Node;
using Palisade.Sandbox.Node;

namespace Palisade.Sandbox.Tests.Node;

[Collection(ContainerdTests.Name)]
public sealed class NodeVerifierTests(ITestOutputHelper output)
{
    private static readonly NodeConfigOptions RuncAndRunsc = new()
    {
        Runtimes = [NodeRuntime.Runc, NodeRuntime.Runsc],
        RunscShim = RunscShim.Runc,
        RunscNetwork = "none",
        RunscAdapterPath = AdapterBuild.Path,
    };

    [Fact]
    public async Task VerifyAsync_GeneratedConfigWithRuncAndRunsc_BothPassAndOnlyRunscSeesAnotherKernel()
    {
        using var folder = new ContainerdFolder();
        var configured = ThrowawayContainerd.Configure(folder.Path, RuncAndRunsc);
        await using var daemon = await ThrowawayContainerd.StartAsync(folder.Path, configured, CancellationToken.None);

        var report = await NodeVerifier.VerifyAsync(daemon.Socket, [], CancellationToken.None);

        output.WriteLine(Describe(report));
        Assert.True(report.Passed, Describe(report));
        var runc = Assert.Single(report.Handlers, h => h.Handler == "runc");
        var runsc = Assert.Single(report.Handlers, h => h.Handler == "runsc");
        Assert.Equal(report.HostKernel, runc.KernelRelease);
        Assert.NotEqual(report.HostKernel, runsc.KernelRelease);
        Assert.Equal("gVisor", runsc.Expected);
        Assert.Equal([ProbeImages.ProbeReference, ProbeImages.DefaultPauseReference], report.ImportedImages);
    }

    [Fact]
    public async Task VerifyAsync_RunscWithThePlainWrapperOfEarlierReleases_FailsAtTheExitStepWithTheRightReason()
    {
        using var folder = new ContainerdFolder();
        var configured = ThrowawayContainerd.Configure(folder.Path, RuncAndRunsc with { Runtimes = [NodeRuntime.Runsc], RunscAdapterPath = null });
        await using var daemon = await ThrowawayContainerd.StartAsync(folder.Path, configured, CancellationToken.None);

        var report = await NodeVerifier.VerifyAsync(daemon.Socket, ["runsc"], CancellationToken.None);

        output.WriteLine(Describe(report));
        var runsc = Assert.Single(report.Handlers);
        Assert.False(runsc.Passed);
        var failed = Assert.Single(runsc.Steps, s => !s.Passed);
        Assert.Equal(runsc.Steps[^1], failed);
        Assert.Equal("container exits 3", failed.Name);
        Assert.Contains("never reports the container's exit", failed.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("host network", runsc.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeneratedCompleteConfigForRunscOnly_IsContainerdsOnlyConfig_CriPluginOkAndRunscPodVerified()
    {
        using var folder = new ContainerdFolder();
        var configured = ThrowawayContainerd.Configure(folder.Path, RuncAndRunsc with { Runtimes = [NodeRuntime.Runsc] });
        await using var daemon = await ThrowawayContainerd.StartAsync(folder.Path, configured, CancellationToken.None);

        var plugins = await Palisade.Sandbox.Runtimes.ToolCommand.RunAsync("ctr", ["--address", daemon.Socket, "plugins", "ls"], TimeSpan.FromSeconds(30), CancellationToken.None);
        var report = await NodeVerifier.VerifyAsync(daemon.Socket, ["runsc"], CancellationToken.None);

        Assert.Matches(@"io\.containerd\.grpc\.v1\s+cri\s+\S+\s+ok", plugins.Stdout);
        Assert.DoesNotContain("failed to load plugin io.containerd.grpc.v1.cri", daemon.Log, StringComparison.Ordinal);
        Assert.Null(report.CriProblem);
        var runsc = Assert.Single(report.Handlers);
        Assert.True(runsc.Passed, runsc.Detail);
        Assert.NotEqual(report.HostKernel, runsc.KernelRelease);
    }

    [Fact]
    public async Task VerifyAsync_DefaultRuntimeWithoutRuntime_DoctorFlagsItAndContainerdServesNoCri()
    {
        using var folder = new ContainerdFolder();
        var configured = ThrowawayContainerd.Configure(folder.Path, RuncAndRunsc with { Runtimes = [NodeRuntime.Runc] }, defaultRuntime: "runsc");
        var config = ThrowawayContainerd.WriteFiles(folder.Path, configured);

        // Before containerd starts: doctor names the trap.
        var check = ContainerdConfigChecker.Check(File.ReadAllText(config), config, NodeHostProbe.View());
        Assert.Contains(check.Findings, f => f.Code == "default-runtime-missing" && f.Severity == FindingSeverity.Error);

        // containerd started with it proves the diagnosis: it runs, but without its CRI plugin.
        await using var daemon = await ContainerdDaemon.StartAsync(config, configured.Standalone!.Address, folder.Path, TimeSpan.FromSeconds(30), CancellationToken.None);
        var report = await NodeVerifier.VerifyAsync(daemon.Socket, [], CancellationToken.None);

        Assert.False(report.Passed);
        Assert.Null(report.Runtime);
        Assert.Contains("CRI plugin is not loaded", report.CriProblem, StringComparison.Ordinal);
        Assert.Contains("failed to load plugin io.containerd.grpc.v1.cri", daemon.Log, StringComparison.Ordinal);
        Assert.Contains("no corresponding runtime configured", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DropInAloneWithImplicitDefaultRuntime_DoctorFlagsItAndContainerdDropsItsCriPlugin()
    {
        using var folder = new ContainerdFolder();
        var dropIn = ContainerdConfigGenerator.Generate(RuncAndRunsc with { Runtimes = [NodeRuntime.Runsc] });
        var socket = Path.Combine(folder.Path, "containerd.sock");
        var config = Path.Combine(folder.Path, "config.toml");
        File.WriteAllText(config, $"root = \"{folder.Path}/root\"\nstate = \"{folder.Path}/state\"\n{dropIn}\n[grpc]\n  address = \"{socket}\"\n");

        var check = ContainerdConfigChecker.Check(File.ReadAllText(config), config, NodeHostProbe.View());
        await using var daemon = await ContainerdDaemon.StartAsync(config, socket, folder.Path, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Contains(check.Findings, f => f.Code == "default-runtime-missing" && f.What.Contains("is not set", StringComparison.Ordinal));
        Assert.Contains("failed to load plugin io.containerd.grpc.v1.cri", daemon.Log, StringComparison.Ordinal);
        Assert.Contains("no corresponding runtime configured", daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_HandlerNotConfigured_FailsThatHandlerWithContainerdsReason()
    {
        using var folder = new ContainerdFolder();
        var configured = ThrowawayContainerd.Configure(folder.Path, RuncAndRunsc with { Runtimes = [NodeRuntime.Runc] });
        await using var daemon = await ThrowawayContainerd.StartAsync(folder.Path, configured, CancellationToken.None);

        var report = await NodeVerifier.VerifyAsync(daemon.Socket, ["kata"], CancellationToken.None);

        var kata = Assert.Single(report.Handlers);
        Assert.False(kata.Passed);
        Assert.StartsWith("RunPodSandbox failed", kata.Detail, StringComparison.Ordinal);
        Assert.Contains("kata", kata.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_NoSocket_ThrowsEnvironmentProblemNamingTheSocket()
    {
        var missing = Path.Combine(Path.GetTempPath(), "palisade-no-such-" + Guid.NewGuid().ToString("N") + ".sock");

        var e = await Assert.ThrowsAsync<Palisade.Sandbox.Runtimes.EnvironmentProblemException>(() => NodeVerifier.VerifyAsync(missing, [], CancellationToken.None));

        Assert.Contains(missing, e.Problem.Message, StringComparison.Ordinal);
    }

    internal static string Describe(VerifyReport report) =>
        report.CriProblem + string.Join("\n", report.Handlers.Select(h => $"{h.Handler}: {h.Detail}\n  " + string.Join("\n  ", h.Steps.Select(s => $"{s.Name} {s.Passed} {s.Seconds:0.00}s {s.Detail}"))));
}

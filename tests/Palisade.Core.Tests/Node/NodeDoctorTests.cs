using Palisade.Core.Node;

namespace Palisade.Core.Tests.Node;

public sealed class NodeDoctorTests
{
    private static readonly NodeHostView AllPresent = new(_ => true, name => "/usr/bin/" + name, CanLowerOomScoreAdj: true, _ => ["10-net.conflist"]);

    private static readonly NodeHostFacts DebianNode = new()
    {
        KernelRelease = "6.1.0-18-amd64",
        Runc = new NodeTool("/usr/sbin/runc", "runc version 1.1.5+ds1"),
        Runsc = new NodeTool("/usr/bin/runsc", "runsc version 0.0~20221219.0"),
        RunscReleaseDate = 20221219,
        RunscPlatforms = [new NodePlatform("ptrace", true, "always"), new NodePlatform("kvm", false, "no /dev/kvm")],
        Shims = new Dictionary<string, string?> { ["containerd-shim-runc-v2"] = "/usr/bin/containerd-shim-runc-v2", ["containerd-shim-runsc-v1"] = null, ["containerd-shim-kata-v2"] = null },
        Kvm = false,
        CgroupV2 = true,
        MaxUserNamespaces = "15000",
        Seccomp = true,
        CanLowerOomScoreAdj = false,
    };

    private const string RunscOnly = """
        version = 2
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
          runtime_type = "io.containerd.runc.v2"
        [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc.options]
          BinaryName = "/usr/local/bin/runsc-cri"
        """;

    [Fact]
    public void HostRules_StockDebianNode_NamesTheNetworkTrapTheMissingShimAndOomScore()
    {
        var findings = NodeHostRules.Findings(DebianNode);

        Assert.Contains(findings, f => f.Code == "runsc-network-sandbox" && f.Severity == FindingSeverity.Warning);
        Assert.Contains(findings, f => f.Code == "shim" && f.What.StartsWith("containerd-shim-runsc-v1", StringComparison.Ordinal) && f.Fix.Contains("--install", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Code == "oom-score-adj" && f.Source is null);
        Assert.DoesNotContain(findings, f => f.Severity == FindingSeverity.Error);
    }

    [Fact]
    public void Diagnose_FileWithImplicitDefaultRuntime_ErrorAndTheHostOomNoteGivesWayToTheFilesOwn()
    {
        var diagnosis = NodeDoctor.Diagnose(new NodeDoctorInput { Host = DebianNode, View = AllPresent with { CanLowerOomScoreAdj = false }, Containerd = new NodeConfigFile("config.toml", RunscOnly) });

        Assert.True(diagnosis.HasErrors);
        Assert.Contains(diagnosis.Findings, f => f.Code == "default-runtime-missing" && f.What.Contains("is not set", StringComparison.Ordinal));
        var oom = Assert.Single(diagnosis.Findings, f => f.Code == "oom-score-adj");
        Assert.StartsWith("config.toml", oom.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_RunscWrapperRunningTheAdapter_SaysWhatWorksInsteadOfTheHangWarning()
    {
        var withAdapter = NodeDoctor.Diagnose(new NodeDoctorInput { View = AllPresent with { RunsRunscAdapter = _ => true }, Containerd = new NodeConfigFile("c.toml", RunscOnly) });
        var plain = NodeDoctor.Diagnose(new NodeDoctorInput { View = AllPresent, Containerd = new NodeConfigFile("c.toml", RunscOnly) });

        var info = Assert.Single(withAdapter.Findings, f => f.Code == "runsc-adapter");
        Assert.Equal(FindingSeverity.Info, info.Severity);
        Assert.Contains("logs, exit codes, stop and delete", info.What, StringComparison.Ordinal);
        Assert.DoesNotContain(withAdapter.Findings, f => f.Code == "runsc-under-runc-shim");
        Assert.Contains(plain.Findings, f => f.Code == "runsc-under-runc-shim" && f.Severity == FindingSeverity.Warning && f.Fix.Contains("--install", StringComparison.Ordinal));
    }

    [Fact]
    public void Diagnose_BrokenToml_ReturnsTheProblemWithLineAndNoFindings()
    {
        var diagnosis = NodeDoctor.Diagnose(new NodeDoctorInput { View = AllPresent, Containerd = new NodeConfigFile("bad.toml", "version = 2\n[plugins.\"x\"\n") });

        Assert.StartsWith("bad.toml:2:", diagnosis.Problem, StringComparison.Ordinal);
        Assert.Empty(diagnosis.Findings);
    }
}

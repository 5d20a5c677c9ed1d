using Palisade.Core.Node;

namespace Palisade.Core.Tests.Node;

public sealed class ContainerdConfigCheckerTests
{
    private static readonly NodeHostView AllPresent = new(_ => true, name => "/usr/bin/" + name, CanLowerOomScoreAdj: true, _ => ["10-net.conflist"]);

    private static IReadOnlyList<NodeFinding> Check(string text, NodeHostView? host = null) =>
        ContainerdConfigChecker.Check(text, "config.toml", host ?? AllPresent).Findings;

    [Fact]
    public void Check_DefaultRuntimeWithoutSection_ReportsErrorAtItsLine()
    {
        var findings = Check("""
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd]
              default_runtime_name = "runsc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
            """);

        var finding = Assert.Single(findings);
        Assert.Equal("default-runtime-missing", finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("config.toml:3", finding.Source);
        Assert.Contains("CRI plugin", finding.Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ImplicitDefaultRuntimeWithoutRuncSection_ReportsItAsTheExplicitOne()
    {
        const string Implicit = """
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
              runtime_type = "io.containerd.runsc.v1"
            """;
        const string Explicit = """
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd]
              default_runtime_name = "runc"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
              runtime_type = "io.containerd.runsc.v1"
            """;

        var implicitFinding = Assert.Single(Check(Implicit));
        var explicitFinding = Assert.Single(Check(Explicit));

        Assert.Equal("default-runtime-missing", implicitFinding.Code);
        Assert.Equal(FindingSeverity.Error, implicitFinding.Severity);
        Assert.Equal("config.toml:2", implicitFinding.Source);
        Assert.Contains("default_runtime_name is not set, so containerd uses \"runc\"", implicitFinding.What, StringComparison.Ordinal);
        Assert.Equal((explicitFinding.Code, explicitFinding.Severity, explicitFinding.Why), (implicitFinding.Code, implicitFinding.Severity, implicitFinding.Why));
    }

    [Fact]
    public void Check_NoRuntimesTableAtAll_KeepsContainerdsBuiltInRunc()
    {
        Assert.Empty(Check("version = 2\n[plugins.\"io.containerd.grpc.v1.cri\"]\n  restrict_oom_score_adj = true\n"));
    }

    [Fact]
    public void Check_CompleteGeneratedConfigForRunscOnly_HasNoFindingsEvenWhereOomScoreCannotBeLowered()
    {
        var host = AllPresent with { CanLowerOomScoreAdj = false };
        var text = ContainerdConfigGenerator.Generate(new NodeConfigOptions { Runtimes = [NodeRuntime.Runsc], Cri = CriSettings.For(host) });

        Assert.Empty(Check(text, host));
    }

    [Fact]
    public void Check_GeneratedConfig_HasNoFindings()
    {
        var text = ContainerdConfigGenerator.Generate(new NodeConfigOptions { Runtimes = [NodeRuntime.Runc, NodeRuntime.Runsc, NodeRuntime.Kata] });

        Assert.Empty(Check(text));
    }

    [Fact]
    public void Check_Containerd2SectionInVersion2File_ReportsPluginSectionVersion()
    {
        var findings = Check("""
            version = 2
            [plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runsc]
              runtime_type = "io.containerd.runsc.v1"
            """);

        Assert.Contains(findings, f => f.Code == "plugin-section-version" && f.Severity == FindingSeverity.Error && f.Source == "config.toml:2");
    }

    [Fact]
    public void Check_Version3WithRuntimesUnderGrpcCri_ReportsThemIgnored()
    {
        var findings = Check("""
            version = 3
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
              runtime_type = "io.containerd.runsc.v1"
            """);

        Assert.Contains(findings, f => f.Code == "plugin-section-version" && f.What.Contains("io.containerd.grpc.v1.cri", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_NoVersionKeyWithFullPluginIds_ReportsVersion1Reading()
    {
        var findings = Check("""
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
              runtime_type = "io.containerd.runsc.v1"
            """);

        Assert.Contains(findings, f => f.Code == "plugin-section-version" && f.Why.Contains("version 1", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_HandlerNotDnsLabel_ReportsIt()
    {
        var findings = Check("""
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.gVisor_ptrace]
              runtime_type = "io.containerd.runsc.v1"
            """);

        Assert.Contains(findings, f => f.Code == "handler-not-dns-label" && f.Fix.Contains("gvisor-ptrace", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_RunscShimMissing_ReportsShimWithRuncShimAlternative()
    {
        var host = AllPresent with { FindOnPath = name => name == "containerd-shim-runsc-v1" ? null : "/usr/bin/" + name };

        var findings = Check("""
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
              runtime_type = "io.containerd.runsc.v1"
            """, host);

        var finding = Assert.Single(findings);
        Assert.Equal("shim-missing", finding.Code);
        Assert.Contains("--runsc-shim runc", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_BinaryNameMissing_ReportsBinaryAndRuncShimCaveat()
    {
        var host = AllPresent with { PathExists = _ => false };

        var findings = Check("""
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc.options]
                BinaryName = "/usr/local/bin/runsc-cri"
            """, host);

        Assert.Contains(findings, f => f.Code == "binary-missing" && f.What.Contains("/usr/local/bin/runsc-cri", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Code == "runsc-under-runc-shim" && f.Severity == FindingSeverity.Warning);
    }

    [Fact]
    public void Check_HostCannotLowerOomScoreAndNoRestrict_ReportsError()
    {
        var host = AllPresent with { CanLowerOomScoreAdj = false };
        const string Config = """
            version = 2
            [plugins."io.containerd.grpc.v1.cri"]
              sandbox_image = "registry.k8s.io/pause:3.9"
            """;

        Assert.Contains(Check(Config, host), f => f.Code == "oom-score-adj");
        Assert.DoesNotContain(Check(Config.Replace("sandbox_image", "restrict_oom_score_adj = true\n  sandbox_image", StringComparison.Ordinal), host), f => f.Code == "oom-score-adj");
    }

    [Fact]
    public void Check_CniFolderWithoutConfig_WarnsAtConfDir()
    {
        var host = AllPresent with { FilesIn = folder => folder == "/opt/cni/conf" ? ["README"] : ["10-net.conflist"] };

        var findings = Check("""
            version = 2
            [plugins."io.containerd.grpc.v1.cri".cni]
              conf_dir = "/opt/cni/conf"
            """, host);

        var finding = Assert.Single(findings);
        Assert.Equal("cni-config-missing", finding.Code);
        Assert.Equal("config.toml:3", finding.Source);
    }

    [Fact]
    public void Check_InvalidToml_ReturnsProblemWithLineAndColumn()
    {
        var result = ContainerdConfigChecker.Check("version = 2\n[plugins.\"x\"\n", "bad.toml", AllPresent);

        Assert.NotNull(result.Problem);
        Assert.Equal(2, result.Problem!.Line);
        Assert.StartsWith("bad.toml:2:", result.Problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_Config_ListsItsHandlers()
    {
        var text = ContainerdConfigGenerator.Generate(new NodeConfigOptions { Runtimes = [NodeRuntime.Runc, NodeRuntime.Runsc] });

        Assert.Equal(["runc", "runsc"], ContainerdConfigChecker.Check(text, "c.toml", AllPresent).Handlers);
    }
}

using Palisade.Core.Node;
using Tomlyn;
using Tomlyn.Model;

namespace Palisade.Core.Tests.Node;

public sealed class ConfigGeneratorTests
{
    private static TomlTable Runtimes(string text, string plugin) =>
        (TomlTable)((TomlTable)((TomlTable)((TomlTable)TomlSerializer.Deserialize<TomlTable>(text)!["plugins"]!)[plugin]!)["containerd"]!)["runtimes"]!;

    [Theory]
    [InlineData(ContainerdMajor.V1, 2L, ContainerdConfigGenerator.CriPluginV1)]
    [InlineData(ContainerdMajor.V2, 3L, ContainerdConfigGenerator.CriRuntimePluginV2)]
    public void Generate_EachContainerdLine_UsesItsVersionAndPlugin(ContainerdMajor major, long version, string plugin)
    {
        var text = ContainerdConfigGenerator.Generate(new NodeConfigOptions { Containerd = major, Runtimes = [NodeRuntime.Runsc, NodeRuntime.Kata] });

        Assert.Equal(version, TomlSerializer.Deserialize<TomlTable>(text)!["version"]);
        var runtimes = Runtimes(text, plugin);
        Assert.Equal("io.containerd.runsc.v1", ((TomlTable)runtimes["runsc"]!)["runtime_type"]);
        Assert.Equal("io.containerd.kata.v2", ((TomlTable)runtimes["kata"]!)["runtime_type"]);
    }

    [Fact]
    public void Generate_Complete_KeepsRuncAsDefaultAndWritesTheHostsCriSettings()
    {
        var host = new NodeHostView(_ => true, _ => null, CanLowerOomScoreAdj: false, folder => folder == CriSettings.DebianCniBinDir ? ["ptp"] : []);
        var text = ContainerdConfigGenerator.Generate(new NodeConfigOptions { Runtimes = [NodeRuntime.Runsc], Cri = CriSettings.For(host) });

        var cri = (TomlTable)((TomlTable)TomlSerializer.Deserialize<TomlTable>(text)!["plugins"]!)[ContainerdConfigGenerator.CriPluginV1]!;
        Assert.Equal(true, cri["restrict_oom_score_adj"]);
        Assert.Equal("/usr/lib/cni", ((TomlTable)cri["cni"]!)["bin_dir"]);
        Assert.Equal("/etc/cni/net.d", ((TomlTable)cri["cni"]!)["conf_dir"]);
        var containerd = (TomlTable)cri["containerd"]!;
        Assert.Equal("runc", containerd["default_runtime_name"]);
        Assert.Equal(["runc", "runsc"], ((TomlTable)containerd["runtimes"]!).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("io.containerd.runc.v2", ((TomlTable)((TomlTable)containerd["runtimes"]!)["runc"]!)["runtime_type"]);
    }

    [Fact]
    public void Generate_DropIn_WritesOnlyTheHandlersAndHowToImportThem()
    {
        var text = ContainerdConfigGenerator.Generate(new NodeConfigOptions { Runtimes = [NodeRuntime.Runsc] });

        var cri = (TomlTable)((TomlTable)TomlSerializer.Deserialize<TomlTable>(text)!["plugins"]!)[ContainerdConfigGenerator.CriPluginV1]!;
        Assert.Equal(["containerd"], cri.Keys);
        Assert.Equal(["runtimes"], ((TomlTable)cri["containerd"]!).Keys);
        Assert.Equal(["runsc"], Runtimes(text, ContainerdConfigGenerator.CriPluginV1).Keys);
        Assert.Contains("imports = [\"/etc/containerd/conf.d/*.toml\"]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_RunscUnderRuncShim_PointsBinaryNameAtTheWrapper()
    {
        var options = new NodeConfigOptions { RunscShim = RunscShim.Runc, RunscWrapperPath = "/opt/runsc-cri" };

        var runsc = (TomlTable)Runtimes(ContainerdConfigGenerator.Generate(options), ContainerdConfigGenerator.CriPluginV1)["runsc"]!;

        Assert.Equal("io.containerd.runc.v2", runsc["runtime_type"]);
        Assert.Equal("/opt/runsc-cri", ((TomlTable)runsc["options"]!)["BinaryName"]);
    }

    [Fact]
    public void RunscSideFile_RuncShim_WrapperRunsTheAdapterWithRunscAndItsFlags()
    {
        var script = RunscSideFile.Generate(new NodeConfigOptions { RunscShim = RunscShim.Runc, RunscPlatform = "ptrace", RunscNetwork = "none" });

        Assert.StartsWith("#!/bin/sh\n", script, StringComparison.Ordinal);
        Assert.EndsWith("exec /usr/local/lib/palisade/runsc-shim-adapter --runsc /usr/bin/runsc --flag --platform=ptrace --flag --network=none -- \"$@\"\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void RunscSideFile_RuncShimWithoutAdapter_PlainWrapperPassesFlagsAndSilencesStart()
    {
        var script = RunscSideFile.Generate(new NodeConfigOptions { RunscShim = RunscShim.Runc, RunscPlatform = "ptrace", RunscNetwork = "none", RunscAdapterPath = null });

        Assert.StartsWith("#!/bin/sh\n", script, StringComparison.Ordinal);
        Assert.Contains("exec /usr/bin/runsc --platform=ptrace --network=none \"$@\" >/dev/null 2>&1", script, StringComparison.Ordinal);
        Assert.EndsWith("exec /usr/bin/runsc --platform=ptrace --network=none \"$@\"\n", script, StringComparison.Ordinal);
    }

    [Fact]
    public void RunscSideFile_RunscShim_WritesRunscConfigTable()
    {
        var text = RunscSideFile.Generate(new NodeConfigOptions { RunscPlatform = "systrap" });

        var model = TomlSerializer.Deserialize<TomlTable>(text)!;
        Assert.Equal("/usr/bin/runsc", model["binary_name"]);
        Assert.Equal("systrap", ((TomlTable)model["runsc_config"]!)["platform"]);
    }

    [Fact]
    public void CrioGenerate_RunscAndKata_RegistersBothHandlers()
    {
        var text = CrioConfigGenerator.Generate(new NodeConfigOptions { Runtimes = [NodeRuntime.Runsc, NodeRuntime.Kata], RunscShim = RunscShim.Runc });

        var runtimes = (TomlTable)((TomlTable)((TomlTable)TomlSerializer.Deserialize<TomlTable>(text)!["crio"]!)["runtime"]!)["runtimes"]!;
        Assert.Equal("/usr/local/bin/runsc-cri", ((TomlTable)runtimes["runsc"]!)["runtime_path"]);
        Assert.Equal("vm", ((TomlTable)runtimes["kata"]!)["runtime_type"]);
    }

    [Fact]
    public void RuntimeClassGenerate_RunscAndKata_CarriesHandlerOverheadSourceAndScheduling()
    {
        var classes = RuntimeClassGenerator.Generate(
            new NodeConfigOptions { Runtimes = [NodeRuntime.Runc, NodeRuntime.Runsc, NodeRuntime.Kata] },
            new RuntimeClassOptions { NodeSelector = new Dictionary<string, string> { ["sandbox"] = "yes" }, TolerationKey = "sandbox" });

        Assert.Equal(["gvisor", "kata"], classes.Select(c => c.Metadata.Name));
        var kata = classes[1];
        Assert.Equal("kata", kata.Handler);
        Assert.Equal("320Mi", kata.Overhead.PodFixed["memory"].ToString());
        Assert.Contains("documented default", kata.Metadata.Annotations[RuntimeClassGenerator.OverheadSourceAnnotation], StringComparison.Ordinal);
        Assert.Equal("true", kata.Scheduling.NodeSelector[RuntimeClassGenerator.KataNodeLabel]);
        Assert.Equal("64Mi", classes[0].Overhead.PodFixed["memory"].ToString());
        Assert.Contains("palisade bench measured", classes[0].Metadata.Annotations[RuntimeClassGenerator.OverheadSourceAnnotation], StringComparison.Ordinal);
        Assert.Equal("runsc", Assert.Single(classes[0].Scheduling.Tolerations).Value);
        var yaml = RuntimeClassGenerator.ToYaml(classes);
        Assert.Contains("apiVersion: node.k8s.io/v1", yaml, StringComparison.Ordinal);
        Assert.Contains("---\n", yaml, StringComparison.Ordinal);
    }
}

using Palisade.Core.Node;
using Tomlyn;
using Tomlyn.Model;

namespace Palisade.Core.Tests.Node;

public sealed class ContainerdConfigMergerTests
{
    private const string UserConfig = """
        # Node config owned by the platform team: keep this comment.
        version = 2
        oom_score = -999

        [plugins]
          [plugins."io.containerd.grpc.v1.cri"]
            sandbox_image = "registry.k8s.io/pause:3.9"  # pinned by us
            [plugins."io.containerd.grpc.v1.cri".cni]
              bin_dir = "/opt/cni/bin"
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
              [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
                SystemdCgroup = true

        [metrics]
          address = "127.0.0.1:1338"
        """;

    private static readonly NodeConfigOptions Runsc = new() { Runtimes = [NodeRuntime.Runsc] };

    [Fact]
    public void Merge_UserConfigWithComments_KeepsEveryCommentAndUnrelatedSetting()
    {
        var result = ContainerdConfigMerger.Merge(UserConfig, "config.toml", Runsc);

        Assert.Null(result.Problem);
        var merged = result.Text!;
        Assert.StartsWith(UserConfig, merged, StringComparison.Ordinal);
        Assert.Contains("# Node config owned by the platform team: keep this comment.", merged, StringComparison.Ordinal);
        Assert.Contains("# pinned by us", merged, StringComparison.Ordinal);
        var model = TomlSerializer.Deserialize<TomlTable>(merged)!;
        var cri = (TomlTable)((TomlTable)model["plugins"]!)["io.containerd.grpc.v1.cri"]!;
        var runtimes = (TomlTable)((TomlTable)cri["containerd"]!)["runtimes"]!;
        Assert.Equal("io.containerd.runsc.v1", ((TomlTable)runtimes["runsc"]!)["runtime_type"]);
        Assert.Equal(true, ((TomlTable)((TomlTable)runtimes["runc"]!)["options"]!)["SystemdCgroup"]);
        Assert.Equal("registry.k8s.io/pause:3.9", cri["sandbox_image"]);
        Assert.Equal(-999L, model["oom_score"]);
        Assert.Equal("127.0.0.1:1338", ((TomlTable)model["metrics"]!)["address"]);
        Assert.Equal(2, result.AddedTables.Count);
    }

    [Fact]
    public void Merge_ExistingRunscTable_ReplacesOnlyOurValuesAndKeepsTheRest()
    {
        var existing = """
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runsc]
              runtime_type = "io.containerd.runc.v2" # old wiring
              privileged_without_host_devices = true
            """;

        var result = ContainerdConfigMerger.Merge(existing + "\n", "config.toml", Runsc);

        Assert.Null(result.Problem);
        Assert.True(result.Text!.Contains("runtime_type = \"io.containerd.runsc.v1\" # old wiring", StringComparison.Ordinal), result.Text);
        Assert.Contains("privileged_without_host_devices = true", result.Text, StringComparison.Ordinal);
        Assert.Single(result.AddedTables);
        Assert.Contains(result.ChangedKeys, k => k.EndsWith(".runsc.runtime_type", StringComparison.Ordinal));
    }

    [Fact]
    public void Merge_AlreadyMerged_ChangesNothing()
    {
        var once = ContainerdConfigMerger.Merge(UserConfig, "config.toml", Runsc).Text!;

        var twice = ContainerdConfigMerger.Merge(once, "config.toml", Runsc);

        Assert.Equal(once, twice.Text);
        Assert.Empty(twice.AddedTables);
        Assert.Empty(twice.ChangedKeys);
    }

    [Fact]
    public void Merge_InvalidToml_ReportsFileLineAndColumn()
    {
        var result = ContainerdConfigMerger.Merge("version = 2\n[plugins\nx = 1\n", "bad.toml", Runsc);

        Assert.Null(result.Text);
        Assert.Equal("bad.toml", result.Problem!.File);
        Assert.Equal(2, result.Problem.Line);
    }

    [Fact]
    public void Merge_RuntimeDefinedAsInlineTable_RefusesInsteadOfBreakingTheFile()
    {
        var existing = """
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes]
              runsc = { runtime_type = "io.containerd.runc.v2" }
            """;

        var result = ContainerdConfigMerger.Merge(existing, "config.toml", Runsc);

        Assert.Null(result.Text);
        Assert.Contains("by hand", result.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_NoVersionKey_RefusesBecauseContainerdReadsVersion1()
    {
        var result = ContainerdConfigMerger.Merge("[plugins.cri]\n  sandbox_image = \"x\"\n", "old.toml", Runsc);

        Assert.Null(result.Text);
        Assert.Contains("version 1", result.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_EmptyFile_AddsVersionAndTables()
    {
        var result = ContainerdConfigMerger.Merge("", "new.toml", Runsc with { Containerd = ContainerdMajor.V2 });

        var model = TomlSerializer.Deserialize<TomlTable>(result.Text!)!;
        Assert.Equal(3L, model["version"]);
        Assert.True(((TomlTable)model["plugins"]!).ContainsKey(ContainerdConfigGenerator.CriRuntimePluginV2));
    }
}

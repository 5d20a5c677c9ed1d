using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

public sealed class NodeCommandTests
{
    private const string UserConfig = """
        # Owned by the platform team.
        version = 2
        [plugins."io.containerd.grpc.v1.cri"]
          sandbox_image = "registry.k8s.io/pause:3.9"  # pinned
        [metrics]
          address = "127.0.0.1:1338"

        """;

    private const string TrapConfig = """
        version = 2
        [plugins."io.containerd.grpc.v1.cri".containerd]
          default_runtime_name = "runsc"
        """;

    [Fact]
    public async Task Config_ContainerdRuncShim_PrintsRunscHandlerWithWrapper()
    {
        var (exit, output, _) = await CliRunner.RunAsync("node", "config", "containerd", "--runtime", "runc,runsc", "--runsc-shim", "runc");

        Assert.Equal(0, exit);
        Assert.Contains("version = 2", output, StringComparison.Ordinal);
        Assert.Contains("[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes.runsc.options]", output, StringComparison.Ordinal);
        Assert.Contains("BinaryName = \"/usr/local/bin/runsc-cri\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_RuntimeClass_PrintsGvisorAndKataWithLabelledOverhead()
    {
        var (exit, output, _) = await CliRunner.RunAsync("node", "config", "runtimeclass", "--runtime", "runsc,kata");

        Assert.Equal(0, exit);
        Assert.Contains("handler: runsc", output, StringComparison.Ordinal);
        Assert.Contains("handler: kata", output, StringComparison.Ordinal);
        Assert.Contains("palisade.dev/overhead-source", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_UnknownRuntime_ExitsTwoWithOneLine()
    {
        var (exit, _, error) = await CliRunner.RunAsync("node", "config", "containerd", "--runtime", "firecracker");

        Assert.Equal(2, exit);
        Assert.Equal("palisade: --runtime: unknown runtime \"firecracker\" (use runc, runsc, kata)", error.Trim());
    }

    [Fact]
    public async Task ConfigMerge_WithoutForce_RefusesAndLeavesTheFileAlone()
    {
        using var folder = new TempDir();
        var file = folder.Write("config.toml", UserConfig);

        var (exit, _, error) = await CliRunner.RunAsync("node", "config", "containerd", "--merge", file);

        Assert.Equal(2, exit);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.Equal(UserConfig, File.ReadAllText(file));
        Assert.False(File.Exists(file + ".bak"));
    }

    [Fact]
    public async Task ConfigMerge_WithForce_WritesBackupThenKeepsUnrelatedSettingsAndComments()
    {
        using var folder = new TempDir();
        var file = folder.Write("config.toml", UserConfig);

        var (exit, _, error) = await CliRunner.RunAsync("node", "config", "containerd", "--merge", file, "--force", "--runtime", "runsc", "--runsc-shim", "runsc");

        Assert.Equal(0, exit);
        Assert.Contains("backup " + file + ".bak", error, StringComparison.Ordinal);
        Assert.Equal(UserConfig, File.ReadAllText(file + ".bak"));
        var merged = File.ReadAllText(file);
        Assert.StartsWith(UserConfig, merged, StringComparison.Ordinal);
        Assert.Contains("runtime_type = \"io.containerd.runsc.v1\"", merged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigMerge_ToOutput_LeavesTheInputUnchanged()
    {
        using var folder = new TempDir();
        var file = folder.Write("config.toml", UserConfig);
        var output = Path.Combine(folder.Path, "merged.toml");

        var (exit, _, _) = await CliRunner.RunAsync("node", "config", "containerd", "--merge", file, "--output", output);

        Assert.Equal(0, exit);
        Assert.Equal(UserConfig, File.ReadAllText(file));
        Assert.Contains("# pinned", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_DefaultRuntimeTrap_ExitsOneWithWhatWhyFix()
    {
        using var folder = new TempDir();
        var file = folder.Write("config.toml", TrapConfig);

        var (exit, output, _) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", file);

        Assert.Equal(1, exit);
        Assert.Contains($"ERROR    default_runtime_name = \"runsc\", but there is no", output, StringComparison.Ordinal);
        Assert.Contains($"[{file}:3]", output, StringComparison.Ordinal);
        Assert.Contains("why: containerd starts but fails to load its whole CRI plugin", output, StringComparison.Ordinal);
        Assert.Contains("fix: add the runtimes.runsc section", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_Json_ListsFindingsAndSummary()
    {
        using var folder = new TempDir();
        var file = folder.Write("config.toml", TrapConfig);

        var (exit, output, _) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", file, "--format", "json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var finding = json.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "default-runtime-missing");
        Assert.Equal("error", finding.GetProperty("severity").GetString());
        Assert.True(json.RootElement.GetProperty("summary").GetProperty("errors").GetInt32() >= 1);
    }

    [Fact]
    public async Task Doctor_InvalidToml_ExitsTwoNamingFileLineColumn()
    {
        using var folder = new TempDir();
        var file = folder.Write("config.toml", "version = 2\n[plugins\n");

        var (exit, output, error) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", file);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith($"palisade: {file}:2:", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Doctor_RuntimeClassHandlerNotConfigured_ExitsOne()
    {
        using var folder = new TempDir();
        var config = folder.Write("config.toml", """
            version = 2
            [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
              runtime_type = "io.containerd.runc.v2"
            """);
        var classes = folder.Write("classes.yaml", "apiVersion: node.k8s.io/v1\nkind: RuntimeClass\nmetadata:\n  name: gvisor\nhandler: runsc\n");

        var (exit, output, _) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", config, "--manifests", classes);

        Assert.Equal(1, exit);
        Assert.Contains("RuntimeClass gvisor uses handler \"runsc\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_NoSuchSocket_ExitsThreeWithFix()
    {
        var (exit, _, error) = await CliRunner.RunAsync("node", "verify", "--containerd-address", "/nonexistent/containerd.sock");

        Assert.Equal(3, exit);
        Assert.Contains("/nonexistent/containerd.sock: no such socket", error, StringComparison.Ordinal);
        Assert.Contains("fix:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeHelp_ShowsExamples()
    {
        var (exit, output, _) = await CliRunner.RunAsync("node", "verify", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("palisade node verify --containerd-address", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigRunscInstall_AdapterPathTakenByAnotherFile_RefusesWithExit2AndWritesNothing()
    {
        var folder = Directory.CreateTempSubdirectory("palisade-cli-install-").FullName;
        try
        {
            var adapter = Path.Combine(folder, "runsc-shim-adapter");
            var wrapper = Path.Combine(folder, "runsc-cri");
            File.WriteAllText(adapter, "someone else's program");

            var (exit, _, error) = await CliRunner.RunAsync("node", "config", "runsc", "--runsc-shim", "runc", "--install", "--runsc-adapter", adapter, "--runsc-wrapper", wrapper);

            Assert.Equal(2, exit);
            Assert.Contains($"{adapter}: already exists with other content; use --force", error, StringComparison.Ordinal);
            Assert.Equal("someone else's program", File.ReadAllText(adapter));
            Assert.False(File.Exists(wrapper));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

using System.Diagnostics;

namespace Palisade.Cli.Tests.Commands;

/// <summary>
/// Runtime monitoring wired on a node as docs/monitor.md says: <c>monitor config</c> writes the trace session,
/// <c>node config runsc --pod-init-config</c> puts it in runsc's flags (wrapper or runsc.toml), and <c>node doctor</c>
/// reads it back from the generated containerd config: streaming, absent, missing file, invalid file.
/// </summary>
public sealed class NodeMonitoringTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("palisade-node-monitoring-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Doctor_RuncShimWrapperWithSession_SaysWhereItStreams()
    {
        var config = await WireAsync("runc", withSession: true);

        var (exit, output, error) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", config);

        Assert.True(exit == 0, output + error);
        Assert.Contains($"runtime handler \"runsc\" streams a trace session", output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(folder, "monitor.sock"), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_RunscShimOptionsWithSession_SaysWhereItStreams()
    {
        var config = await WireAsync("runsc", withSession: true);

        var (_, output, _) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", config);

        Assert.Contains($"runtime handler \"runsc\" streams a trace session", output, StringComparison.Ordinal);
        Assert.Contains("pod-init-config = ", await File.ReadAllTextAsync(Path.Combine(folder, "runsc.toml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NoSession_SaysMonitorReceivesNothing()
    {
        var config = await WireAsync("runc", withSession: false);

        var (exit, output, _) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", config);

        Assert.Equal(0, exit);
        Assert.Contains("starts sandboxes without a trace session", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_SessionFileDeletedAfterwards_IsAnErrorAsRunscRefusesIt()
    {
        var config = await WireAsync("runc", withSession: true);
        var session = Path.Combine(folder, "pod-init.json");
        File.Delete(session);

        var (exit, output, _) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", config);
        var runsc = await RunscWithSessionAsync(session);

        Assert.Equal(1, exit);
        Assert.Contains($"pod-init-config {session}, which does not exist", output, StringComparison.Ordinal);
        Assert.NotEqual(0, runsc.Exit); // the reason for the error: runsc itself refuses such a sandbox
        Assert.Contains("loading init config file", runsc.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_SessionFileNotJson_IsAnError()
    {
        var config = await WireAsync("runc", withSession: true);
        await File.WriteAllTextAsync(Path.Combine(folder, "pod-init.json"), "{\"trace_session\": ");

        var (exit, output, _) = await CliRunner.RunAsync("node", "doctor", "--config-only", "--containerd-config", config);

        Assert.Equal(1, exit);
        Assert.Contains("trace session", output, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", output, StringComparison.Ordinal);
    }

    /// <summary>The walk-through: monitor config, node config runsc --install, node config containerd; returns the containerd config.</summary>
    private async Task<string> WireAsync(string shim, bool withSession)
    {
        var session = Path.Combine(folder, "pod-init.json");
        var flags = new List<string> { "--runsc-shim", shim, "--runsc-network", "none", "--runsc-wrapper", Path.Combine(folder, "runsc-cri"), "--runsc-adapter", Path.Combine(folder, "runsc-shim-adapter"), "--runsc-config", Path.Combine(folder, "runsc.toml") };
        if (withSession)
        {
            var (monitorExit, _, monitorError) = await CliRunner.RunAsync("monitor", "config", "--socket", Path.Combine(folder, "monitor.sock"), "--output", session);
            Assert.True(monitorExit == 0, monitorError);
            flags.AddRange(["--pod-init-config", session]);
        }

        var (installExit, _, installError) = await CliRunner.RunAsync(["node", "config", "runsc", .. flags, "--install"]);
        Assert.True(installExit == 0, installError);
        var config = Path.Combine(folder, "config.toml");
        var (configExit, _, configError) = await CliRunner.RunAsync(["node", "config", "containerd", "--runtime", "runsc", .. flags, "--output", config]);
        Assert.True(configExit == 0, configError);
        return config;
    }

    private static async Task<(int Exit, string Output)> RunscWithSessionAsync(string session)
    {
        var start = new ProcessStartInfo("runsc") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--network=none", "--ignore-cgroups", "--pod-init-config=" + session, "do", "-quiet", "true" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}

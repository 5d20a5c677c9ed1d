using System.Diagnostics;
using System.Text.Json.Nodes;
using Palisade.Core.Monitoring;
using Palisade.Monitor.Resources;

namespace Palisade.Monitor.Tests;

/// <summary>
/// A container under the real runsc with a state root the test owns (<c>runsc run</c> over an OCI bundle whose root is
/// the host's, read-only under runsc's in-memory overlay), with a trace session. Unlike <c>runsc do</c>, which keeps its
/// state in a random /tmp folder, the root is known, so <c>runsc events --stats</c> can reach the container.
/// </summary>
internal sealed class RunscContainer : IAsyncDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("palisade-monitor-container-").FullName;
    private Process? process;
    private Task<string>? output;

    public RunscContainer()
    {
        Id = "palisade-stats-" + Guid.NewGuid().ToString("N")[..12];
        Root = Path.Combine(folder, "root");
    }

    public string Id { get; }

    public string Root { get; }

    /// <summary>Starts <paramref name="script"/> under /bin/sh in the container, streaming to the sink at <paramref name="socketPath"/>.</summary>
    public async Task StartAsync(string socketPath, string script)
    {
        var bundle = Path.Combine(folder, "bundle");
        Directory.CreateDirectory(bundle);
        var spec = await RunAsync(["spec", "--bundle", bundle], CancellationToken.None);
        Assert.Equal(0, spec.ExitCode);
        var path = Path.Combine(bundle, "config.json");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        config["process"]!["args"] = new JsonArray("/bin/sh", "-c", script);
        config["process"]!["terminal"] = false;
        config["root"] = new JsonObject { ["path"] = "/", ["readonly"] = true };
        await File.WriteAllTextAsync(path, config.ToJsonString());
        var session = Path.Combine(folder, "pod-init.json");
        await File.WriteAllTextAsync(session, TraceSession.PodInitConfig(socketPath));

        var start = new ProcessStartInfo("runsc") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "--root", Root, "--network=none", "--overlay", TraceSession.RunscFlag(session), "run", "--bundle", bundle, Id })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        output = Task.WhenAll(stdout, stderr).ContinueWith(t => string.Concat(t.Result), TaskScheduler.Default);
    }

    /// <summary>Waits for the workload to end; its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        await process!.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output!);
    }

    /// <summary>A <see cref="RunscRunner"/> for the sampler (the tests start processes directly, like <see cref="RunscSandbox"/>).</summary>
    public static async Task<RunscOutput> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancel)
    {
        var start = new ProcessStartInfo("runsc") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync(cancel);
        var stderr = child.StandardError.ReadToEndAsync(cancel);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await child.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            return new RunscOutput(null, "");
        }

        await stderr;
        return new RunscOutput(child.ExitCode, await stdout);
    }

    public async ValueTask DisposeAsync()
    {
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                await RunAsync(["--root", Root, "delete", "--force", Id], CancellationToken.None);
            }

            process.Dispose();
        }

        Directory.Delete(folder, recursive: true);
    }
}

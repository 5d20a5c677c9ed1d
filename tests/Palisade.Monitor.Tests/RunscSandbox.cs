using System.Diagnostics;
using Palisade.Core.Monitoring;

namespace Palisade.Monitor.Tests;

/// <summary>Runs a command in a real gVisor sandbox (<c>runsc do</c>: host root read-only under a tmpfs overlay) with a trace session.</summary>
internal static class RunscSandbox
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string socketPath, bool traced, params string[] command)
    {
        var folder = Directory.CreateTempSubdirectory("palisade-monitor-runsc-").FullName;
        try
        {
            var config = Path.Combine(folder, "pod-init.json");
            await File.WriteAllTextAsync(config, TraceSession.PodInitConfig(socketPath));
            var start = new ProcessStartInfo("runsc") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "--root", Path.Combine(folder, "state"), "--network=none", "--ignore-cgroups" })
            {
                start.ArgumentList.Add(arg);
            }

            if (traced)
            {
                start.ArgumentList.Add(TraceSession.RunscFlag(config));
            }

            foreach (var arg in new[] { "do", "-quiet", "-cwd", "/" }.Concat(command))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stdout + await stderr);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

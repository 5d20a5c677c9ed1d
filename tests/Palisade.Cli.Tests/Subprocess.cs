using System.Diagnostics;
using System.Globalization;

namespace Palisade.Cli.Tests;

/// <summary>
/// Runs the built <c>palisade</c> as its own process, for what an in-process run cannot show: standard input that is a
/// real file or device, signals, another user, peak memory (VmHWM, sampled while it runs).
/// </summary>
internal static class Subprocess
{
    public sealed record Result(int Exit, string Out, string Err, long PeakRssKb, TimeSpan Elapsed);

    // Another user cannot reach the build output when the clone sits in a private folder (/root, or the 0700 folder
    // .ci/run clones into), so runs as nobody use a world-readable copy of it.
    private static readonly Lazy<string> WorldReadableBuild = new(CopyBuildOutput);

    public static async Task<Result> RunAsync(
        IReadOnlyList<string> args,
        string? stdinFile = null,
        bool asNobody = false,
        TimeSpan? signalAfter = null,
        int signal = 15,
        IReadOnlyDictionary<string, string>? environment = null,
        Func<Task>? signalWhen = null,
        TimeSpan? timeout = null)
    {
        var dll = Path.Combine(asNobody ? WorldReadableBuild.Value : AppContext.BaseDirectory, "palisade.dll");
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = stdinFile is null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(stdinFile is null ? "exec \"$@\"" : "exec \"$@\" < \"$PALISADE_TEST_STDIN\"");
        start.ArgumentList.Add("palisade");
        if (asNobody)
        {
            foreach (var a in new[] { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups" })
            {
                start.ArgumentList.Add(a);
            }
        }

        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PALISADE_TEST_STDIN"] = stdinFile ?? "";
        start.Environment["HOME"] = Path.GetTempPath();
        start.Environment["DOTNET_CLI_HOME"] = Path.GetTempPath();
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        var signalled = false;
        var signalTask = signalWhen?.Invoke();
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakRss(process.Id));
            if (!signalled && ((signalAfter is { } after && watch.Elapsed >= after) || signalTask is { IsCompleted: true }))
            {
                signalled = true;
                using var kill = Process.Start("kill", ["-" + signal.ToString(CultureInfo.InvariantCulture), process.Id.ToString(CultureInfo.InvariantCulture)])!;
                await kill.WaitForExitAsync();
            }

            if (deadline.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"palisade {string.Join(' ', args)} did not finish within the timeout (hang)");
            }

            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(10));
        }

        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr, peak, watch.Elapsed);
    }

    /// <summary>Runs a helper tool (mkfifo, ...) and returns its exit code and output.</summary>
    public static async Task<(int Exit, string Out)> RunToolAsync(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static string CopyBuildOutput()
    {
        if (!OperatingSystem.IsLinux())
        {
            return AppContext.BaseDirectory;
        }

        var target = Path.Combine(Path.GetTempPath(), $"palisade-cli-build-{Environment.ProcessId}");
        var readable = (UnixFileMode)0b111_101_101;
        foreach (var source in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(AppContext.BaseDirectory, source));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(source, copy, overwrite: true);
            File.SetUnixFileMode(copy, readable);
        }

        foreach (var folder in Directory.EnumerateDirectories(target, "*", SearchOption.AllDirectories).Append(target))
        {
            File.SetUnixFileMode(folder, readable);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(target, recursive: true);
        return target;
    }

    private static long PeakRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // Exited between the check and the read.
        }

        return 0;
    }
}

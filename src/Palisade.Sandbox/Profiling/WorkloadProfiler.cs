using System.Globalization;
using Palisade.Core.Syscalls;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Profiling;

/// <summary>
/// Runs a prepared bundle under each runtime with syscall capture, reads the traces (runsc's strace debug log, or
/// <c>strace -f</c> from the workload's own execve on), and compares runc with runsc against the installed runsc's table.
/// </summary>
public static class WorkloadProfiler
{
    public static async Task<WorkloadProfile> ProfileAsync(
        string target, PreparedBundle bundle, ProfileOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        var runs = new List<ProfiledRun>();
        foreach (var runtime in options.Runtimes)
        {
            progress?.Report($"running under {Name(runtime)} with syscall capture...");
            var run = await RunAsync(bundle, runtime, options, ct).ConfigureAwait(false);
            runs.Add(run);
            progress?.Report(Outcome(run.Run));
        }

        return await CompareAsync(target, bundle, runs, ct).ConfigureAwait(false);
    }

    /// <summary>One run under <paramref name="runtime"/> with syscall capture; the trace files are read and removed.</summary>
    public static async Task<ProfiledRun> RunAsync(PreparedBundle bundle, RuntimeKind runtime, ProfileOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        var work = Directory.CreateTempSubdirectory("palisade-profile-");
        try
        {
            var result = await new BundleRunner().RunAsync(
                bundle.Directory,
                runtime,
                new RunOptions(options.Timeout, CaptureSyscalls: true, options.RunscPlatform, WorkDirectory: work.FullName),
                ct).ConfigureAwait(false);
            return new ProfiledRun(result, ReadTrace(result, bundle.Image.Args));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>A sentence on how a run ended: exit code (or timeout) and wall time.</summary>
    public static string Outcome(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Name(result.Runtime)}: exit {result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none (timed out)"} in {result.WallTime.TotalMilliseconds:F0} ms");
    }

    /// <summary>Compares the runs with the installed runsc's syscall table (when runsc ran).</summary>
    public static async Task<WorkloadProfile> CompareAsync(string target, PreparedBundle bundle, IReadOnlyList<ProfiledRun> runs, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(runs);
        var runc = runs.FirstOrDefault(r => r.Run.Runtime == RuntimeKind.Runc);
        var runsc = runs.FirstOrDefault(r => r.Run.Runtime == RuntimeKind.Runsc);
        if (runsc is null)
        {
            return new WorkloadProfile(target, bundle.Image.Args, runs, null, null);
        }

        var table = await RunscCompatibility.GetSyscallTableAsync(ct).ConfigureAwait(false);
        var version = table.ReleaseDate?.ToString(CultureInfo.InvariantCulture) ?? table.VersionLine;
        if (!GvisorCompatTable.TryParse(table.Json, "amd64", version, out var compat, out var error))
        {
            throw new EnvironmentProblemException(new EnvironmentProblem($"runsc help syscalls -format json: {error}", "apt-get install --reinstall -y runsc"));
        }

        var report = CompatibilityAnalyzer.Analyze(
            new CompatibilityInput
            {
                RuncTrace = runc?.Trace,
                RunscTrace = runsc.Trace,
                RuncExitCode = runc?.Run.ExitCode,
                RunscExitCode = runsc.Run.ExitCode,
                RuncOutput = runc?.Run.Stdout,
                RunscOutput = runsc.Run.Stdout,
            },
            compat!);
        return new WorkloadProfile(target, bundle.Image.Args, runs, report, version);
    }

    public static string Name(RuntimeKind runtime) => runtime switch
    {
        RuntimeKind.Native => "native",
        RuntimeKind.Runc => "runc",
        RuntimeKind.Runsc => "runsc",
        _ => runtime.ToString(),
    };

    /// <summary>runsc writes the workload's syscalls to its *.boot.txt log; strace output starts at the workload's execve.</summary>
    private static SyscallTrace? ReadTrace(RunResult result, IReadOnlyList<string> args)
    {
        if (result.Runtime == RuntimeKind.Runsc)
        {
            var boot = result.TraceFiles.FirstOrDefault(f => f.EndsWith(".boot.txt", StringComparison.Ordinal));
            if (boot is null)
            {
                return null;
            }

            using var stream = File.OpenRead(boot);
            return RunscLogParser.Parse(stream);
        }

        var strace = result.TraceFiles.Count > 0 ? result.TraceFiles[0] : null;
        if (strace is null || !File.Exists(strace))
        {
            return null;
        }

        using var file = File.OpenRead(strace);
        return StraceParser.Parse(file, new StraceParserOptions { StartAtExecOf = args.Count > 0 ? args[0] : null });
    }
}

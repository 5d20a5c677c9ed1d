using System.Globalization;
using Palisade.Core.Assessment;
using Palisade.Sandbox.Bench;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Profiling;

/// <summary>
/// Times a workload under runc and runsc without syscall capture (which would distort both) and puts the measured
/// ratio next to the one <see cref="OverheadModel"/> predicts from <c>bench</c>'s per-syscall costs and the syscall
/// counts recorded by <c>profile</c>.
/// </summary>
public static class OverheadEstimator
{
    public static async Task<OverheadEstimate> EstimateAsync(
        PreparedBundle bundle,
        IEnumerable<KeyValuePair<string, long>> syscallCounts,
        OverheadOptions options,
        IProgress<string>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(options);
        var (costs, file, measured) = await CostTable.GetAsync(options.CacheDirectory, progress, ct).ConfigureAwait(false);
        var runner = new BundleRunner();
        var runc = new List<double>();
        var runsc = new List<double>();
        var runOptions = new RunOptions(options.Timeout, CaptureSyscalls: false, costs.Platform);
        for (var i = 1; i <= options.Repetitions; i++)
        {
            // Interleaved, like bench, so a slow moment of the machine is shared by both.
            progress?.Report(string.Create(CultureInfo.InvariantCulture, $"timing without capture, run {i}/{options.Repetitions} under runc and runsc..."));
            runc.Add(await TimeAsync(runner, bundle, RuntimeKind.Runc, runOptions, ct).ConfigureAwait(false));
            runsc.Add(await TimeAsync(runner, bundle, RuntimeKind.Runsc, runOptions, ct).ConfigureAwait(false));
        }

        var runcMs = MicroBenchmarks.Median(runc);
        var prediction = OverheadModel.Predict(costs, syscallCounts, runcMs);
        return new OverheadEstimate(runcMs, MicroBenchmarks.Median(runsc), options.Repetitions, prediction, file, measured);
    }

    private static async Task<double> TimeAsync(BundleRunner runner, PreparedBundle bundle, RuntimeKind runtime, RunOptions options, CancellationToken ct)
    {
        var run = await runner.RunAsync(bundle.Directory, runtime, options, ct).ConfigureAwait(false);
        return run.TimedOut
            ? throw new TimeoutException($"timing run under {WorkloadProfiler.Name(runtime)} passed {options.Timeout.TotalSeconds:F0} s")
            : run.WallTime.TotalMilliseconds;
    }
}

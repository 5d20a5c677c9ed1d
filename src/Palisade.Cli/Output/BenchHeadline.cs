using Palisade.Sandbox.Bench;

namespace Palisade.Cli.Output;

/// <summary>
/// The sentence a reader of the bench page wants first: for each runtime, how much slower than native it is over the
/// benchmarks (the median, so one outlier does not set it, and the worst, named), and how much memory it adds.
/// </summary>
/// <param name="Runtime"><c>runc</c> or <c>runsc</c>.</param>
/// <param name="Platform">The runsc platform, for example <c>ptrace</c>; null for runc.</param>
/// <param name="Benchmarks">How many benchmarks had a figure for it (memory apart: its ratio is not a slowdown).</param>
/// <param name="Median">The median slowdown over those benchmarks (×, for MiB/s native ÷ runtime).</param>
/// <param name="Worst">The largest slowdown.</param>
/// <param name="WorstBenchmark">The benchmark with the largest slowdown.</param>
/// <param name="ExtraMemoryMiB">MiB over native in the memory benchmark, when it was measured.</param>
internal sealed record BenchHeadline(string Runtime, string? Platform, int Benchmarks, double Median, double Worst, string WorstBenchmark, double? ExtraMemoryMiB)
{
    private const string Memory = "memory";

    /// <summary>What the page calls it: gVisor by name, with its runsc platform.</summary>
    public string Name => Runtime == "runsc" ? $"gVisor (runsc{(Platform is null ? "" : $", {Platform}")})" : Runtime;

    /// <summary>One headline per runtime other than native that has a slowdown figure: gVisor first, then in the order of the columns.</summary>
    public static IReadOnlyList<BenchHeadline> Of(IReadOnlyList<BenchmarkResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var columns = results.SelectMany(r => r.Results).Where(s => s.Runtime != "native").DistinctBy(BenchReport.Column, StringComparer.Ordinal)
            .OrderByDescending(s => s.Runtime == "runsc").Select(s => (s.Runtime, s.Platform, Column: BenchReport.Column(s))).ToList();
        var headlines = new List<BenchHeadline>();
        foreach (var (runtime, platform, column) in columns)
        {
            var slowdowns = results
                .Where(r => r.Name != Memory)
                .SelectMany(r => r.Results.Where(s => BenchReport.Column(s) == column && double.IsFinite(s.RatioToNative) && s.RatioToNative > 0).Select(s => (r.Name, Slowdown: r.SlowdownOf(s))))
                .ToList();
            if (slowdowns.Count == 0)
            {
                continue;
            }

            var worst = slowdowns.MaxBy(s => s.Slowdown);
            var memory = results.FirstOrDefault(r => r.Name == Memory)?.Results.FirstOrDefault(s => BenchReport.Column(s) == column && double.IsFinite(s.RatioToNative) && s.RatioToNative > 0);
            headlines.Add(new BenchHeadline(
                runtime, platform, slowdowns.Count, MicroBenchmarks.Median([.. slowdowns.Select(s => s.Slowdown)]), worst.Slowdown, worst.Name,
                memory is null ? null : memory.Median - (memory.Median / memory.RatioToNative)));
        }

        return headlines;
    }

    /// <summary>The figures whose repetitions disagree too much to trust, as "benchmark runtime".</summary>
    public static IReadOnlyList<string> Noisy(IReadOnlyList<BenchmarkResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return [.. results.SelectMany(r => r.Results.Where(s => s.Error is null && s.TooNoisy).Select(s => $"{r.Name} {BenchReport.Column(s)}"))];
    }
}

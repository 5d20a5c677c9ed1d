using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Bench;

/// <summary>How <see cref="MicroBenchmarks.RunAsync"/> runs the benchmarks.</summary>
public sealed record MicroBenchmarkOptions
{
    public static MicroBenchmarkOptions Default { get; } = new();

    /// <summary>Runtimes to compare, in column order; include native to get ratios.</summary>
    public IReadOnlyList<BenchRuntime> Runtimes { get; init; } = [BenchRuntime.Native, BenchRuntime.Runc, new(RuntimeKind.Runsc)];

    /// <summary>Runs per benchmark and runtime; repetitions are interleaved across runtimes so drift hits all alike.</summary>
    public int Repetitions { get; init; } = 5;

    /// <summary>Wall-clock limit for one run (container start-up included).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where the compiled program is cached; <c>SandboxPaths.CacheDirectory/bench</c> when null.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Where temporary bundles and the file benchmarks' data are created; the system temporary folder when null.</summary>
    public string? WorkDirectory { get; init; }
}

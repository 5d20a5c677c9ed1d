namespace Palisade.Sandbox.Bench;

/// <summary>One micro-benchmark measured under every requested runtime.</summary>
/// <param name="Name">The benchmark, for example <c>getpid</c>.</param>
/// <param name="Unit">What <see cref="RuntimeStat.Median"/> is measured in, for example <c>ns/op</c> or <c>MiB/s</c>.</param>
/// <param name="Results">One entry per runtime, in the order the runtimes were requested.</param>
public sealed record BenchmarkResult(string Name, string Unit, IReadOnlyList<RuntimeStat> Results)
{
    /// <summary>True for throughputs (MiB/s), where a ratio below 1 is the slowdown; false for costs (time, memory).</summary>
    public bool HigherIsBetter => Unit.EndsWith("/s", StringComparison.Ordinal);

    /// <summary>How many times worse than native: the ratio for costs, its inverse for throughputs.</summary>
    public double SlowdownOf(RuntimeStat stat)
    {
        ArgumentNullException.ThrowIfNull(stat);
        return HigherIsBetter ? 1 / stat.RatioToNative : stat.RatioToNative;
    }
}

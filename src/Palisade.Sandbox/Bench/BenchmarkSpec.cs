namespace Palisade.Sandbox.Bench;

/// <summary>Which micro-benchmark to run and how many iterations the program does per repetition.</summary>
public sealed record BenchmarkSpec(string Name, long Iterations)
{
    /// <summary>Every benchmark, sized so one repetition takes about a second under runsc on ptrace (tens of ms natively).</summary>
    public static IReadOnlyList<BenchmarkSpec> Defaults { get; } =
    [
        new("getpid", 20_000),
        new("open-close", 5_000),
        new("pipe", 2_000),
        new("mmap", 2_000),
        new("fork", 100),
        new("cpu", 50_000_000),
    ];
}

namespace Palisade.Sandbox.Bench;

/// <summary>Which micro-benchmark to run and how many iterations the program does per repetition.</summary>
public sealed record BenchmarkSpec(string Name, long Iterations)
{
    /// <summary>Every benchmark with iteration counts that take well under a second natively.</summary>
    public static IReadOnlyList<BenchmarkSpec> Defaults { get; } =
    [
        new("getpid", 200_000),
        new("open-close", 20_000),
        new("pipe", 10_000),
        new("mmap", 20_000),
        new("fork", 200),
        new("cpu", 50_000_000),
    ];
}

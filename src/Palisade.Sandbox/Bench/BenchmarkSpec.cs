namespace Palisade.Sandbox.Bench;

/// <summary>Which micro-benchmark to run and how many iterations (or MiB) the program does per repetition.</summary>
public sealed record BenchmarkSpec(string Name, long Iterations)
{
    /// <summary>Every benchmark, sized so one repetition takes about a second under runsc on ptrace (tens of ms natively).</summary>
    public static IReadOnlyList<BenchmarkSpec> Defaults { get; } =
    [
        new("getpid", 20_000),
        new("open-close", 5_000),
        new("file-write", 64),
        new("file-read", 256),
        new("pipe", 2_000),
        new("mmap", 2_000),
        new("fork", 100),
        new("exec", 50),
        new("tcp-throughput", 256),
        new("tcp-latency", 2_000),
        new("cpu", 100_000_000),
        new("startup", 1),
        new("memory", 1),
    ];

    /// <summary>
    /// The <c>--quick</c> sizes: an eighth of the work for the syscall-bound benchmarks; the CPU control, start-up
    /// and memory keep theirs (they are short already, and shrinking the control would make it noisy).
    /// </summary>
    public static IReadOnlyList<BenchmarkSpec> Quick { get; } = Defaults
        .Select(s => s.Name is "cpu" or "startup" or "memory" ? s : s with { Iterations = Math.Max(1, s.Iterations / 8) })
        .ToList();
}

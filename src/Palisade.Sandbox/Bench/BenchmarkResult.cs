namespace Palisade.Sandbox.Bench;

/// <summary>One micro-benchmark measured under every requested runtime.</summary>
/// <param name="Name">The benchmark, for example <c>getpid</c>.</param>
/// <param name="Unit">What <see cref="RuntimeStat.Median"/> is measured in, for example <c>ns/op</c>.</param>
/// <param name="Results">One entry per runtime, in the order the runtimes were requested.</param>
public sealed record BenchmarkResult(string Name, string Unit, IReadOnlyList<RuntimeStat> Results);

namespace Palisade.Sandbox.Profiling;

/// <summary>How <see cref="OverheadEstimator"/> times a workload.</summary>
/// <param name="Timeout">Limit of one run.</param>
/// <param name="Repetitions">Runs per runtime; the median is kept.</param>
/// <param name="CacheDirectory">Where the cost table is stored; <c>SandboxPaths.CacheDirectory/bench</c> when null.</param>
public sealed record OverheadOptions(TimeSpan Timeout, int Repetitions = 3, string? CacheDirectory = null);

namespace Palisade.Core.Assessment;

/// <summary>The runtime a workload should run under.</summary>
public enum RecommendedRuntime
{
    /// <summary>gVisor (handler runsc): the workload behaves the same in its user-space kernel.</summary>
    Gvisor,

    /// <summary>Kata Containers: a VM of its own, for a workload that needs what gVisor lacks.</summary>
    Kata,

    /// <summary>The shared host kernel: only for a workload declared trusted.</summary>
    Runc,
}

/// <summary>The one spelling of <see cref="RecommendedRuntime"/> in reports, RuntimeClass names and patches.</summary>
public static class RecommendedRuntimeNames
{
    public static string Name(this RecommendedRuntime runtime) => runtime switch
    {
        RecommendedRuntime.Gvisor => "gvisor",
        RecommendedRuntime.Kata => "kata",
        RecommendedRuntime.Runc => "runc",
        _ => throw new ArgumentOutOfRangeException(nameof(runtime), runtime, null),
    };

    public static bool TryParse(string? text, out RecommendedRuntime runtime)
    {
        foreach (var candidate in Enum.GetValues<RecommendedRuntime>())
        {
            if (string.Equals(candidate.Name(), text, StringComparison.Ordinal))
            {
                runtime = candidate;
                return true;
            }
        }

        runtime = default;
        return false;
    }
}

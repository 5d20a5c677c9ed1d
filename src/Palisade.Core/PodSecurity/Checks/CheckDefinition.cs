using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>
/// Evaluates one check against a pod's metadata and spec. Returns <see langword="null"/> when the pod is allowed;
/// it must not allocate on that path.
/// </summary>
internal delegate CheckViolation? CheckFunction(string checkId, V1ObjectMeta? metadata, V1PodSpec spec);

/// <summary>One behaviour of a check, in force from <see cref="MinMinor"/> until the next variant's minimum.</summary>
internal sealed record CheckVariant(int MinMinor, CheckFunction Evaluate, IReadOnlyList<string> Overrides)
{
    public CheckVariant(int minMinor, CheckFunction evaluate)
        : this(minMinor, evaluate, [])
    {
    }
}

/// <summary>A registered check: its id, level and variants ordered by minimum version.</summary>
internal sealed record CheckDefinition(string Id, PodSecurityLevel Level, IReadOnlyList<CheckVariant> Variants)
{
    /// <summary>The variant in force at <paramref name="minor"/>, or <see langword="null"/> before the check existed.</summary>
    public CheckVariant? VariantAt(int minor)
    {
        CheckVariant? found = null;
        foreach (var variant in Variants)
        {
            if (variant.MinMinor <= minor)
            {
                found = variant;
            }
        }

        return found;
    }
}

/// <summary>A check resolved for one (level, minor): what the evaluator actually runs.</summary>
internal readonly record struct ActiveCheck(string Id, CheckFunction Evaluate);

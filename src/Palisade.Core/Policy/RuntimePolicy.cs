namespace Palisade.Core.Policy;

/// <summary>
/// A parsed and validated runtime policy (<c>apiVersion: palisade.dev/v1alpha1</c>, <c>kind: RuntimePolicy</c>).
/// Immutable; build one with <see cref="RuntimePolicyLoader"/>. <see cref="Tiers"/> are in match order and the last
/// one matches everything.
/// </summary>
/// <param name="Source">The file it was read from, or <c>built-in</c>.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="RuntimeClasses">The runtime classes the cluster offers.</param>
/// <param name="Tiers">Ordered tiers; the first that matches a pod decides.</param>
/// <param name="DefaultFailureMode">The fail mode when the tier of an object cannot be told (the object cannot be read).</param>
public sealed record RuntimePolicy(
    string Source,
    string Name,
    IReadOnlyList<RuntimeClassDefinition> RuntimeClasses,
    IReadOnlyList<PolicyTier> Tiers,
    FailureMode DefaultFailureMode)
{
    /// <summary>The <c>spec.gate</c> section, or <see cref="GatePolicy.Default"/> when the policy has none.</summary>
    public GatePolicy Gate { get; init; } = GatePolicy.Default;

    /// <summary>The tier named <paramref name="name"/>, or null.</summary>
    public PolicyTier? FindTier(string name)
    {
        foreach (var tier in Tiers)
        {
            if (string.Equals(tier.Name, name, StringComparison.Ordinal))
            {
                return tier;
            }
        }

        return null;
    }

    /// <summary>The fail mode of the tier named <paramref name="tierName"/>, or <see cref="DefaultFailureMode"/> when it is unknown.</summary>
    public FailureMode FailureModeFor(string? tierName) =>
        tierName is not null && FindTier(tierName) is { } tier ? tier.FailureMode : DefaultFailureMode;
}

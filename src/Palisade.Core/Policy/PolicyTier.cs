using Palisade.Core.PodSecurity;

namespace Palisade.Core.Policy;

/// <summary>One tier of a <see cref="RuntimePolicy"/>.</summary>
/// <param name="Name">Unique tier name (<c>vendor</c>, <c>untrusted</c>, <c>trusted</c>).</param>
/// <param name="Match">Alternatives: the tier matches when any rule matches. Empty: matches every pod (catch-all).</param>
/// <param name="RuntimeClass">The class assigned to pods that set none, or null.</param>
/// <param name="AllowedRuntimeClasses">Classes a pod may name; empty means any class (and none).</param>
/// <param name="PodSecurity">The Pod Security level and version enforced on the (mutated) pod.</param>
/// <param name="DefaultSeccompProfile">Set pod-level <c>seccompProfile: RuntimeDefault</c> when the pod sets none.</param>
/// <param name="DisableServiceAccountTokenAutomount">Set <c>automountServiceAccountToken: false</c> when the pod leaves it unset.</param>
/// <param name="FailureMode">What admission answers when a pod of this tier cannot be evaluated.</param>
public sealed record PolicyTier(
    string Name,
    IReadOnlyList<TierMatchRule> Match,
    string? RuntimeClass,
    IReadOnlyList<string> AllowedRuntimeClasses,
    LevelVersion PodSecurity,
    bool DefaultSeccompProfile,
    bool DisableServiceAccountTokenAutomount,
    FailureMode FailureMode)
{
    /// <summary>The tier demands a sandbox: it restricts pods to a set of (sandbox) runtime classes.</summary>
    public bool SandboxRequired => AllowedRuntimeClasses.Count > 0;

    public bool IsCatchAll => Match.Count == 0;
}

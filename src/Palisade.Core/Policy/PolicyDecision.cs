using Palisade.Core.PodSecurity;

namespace Palisade.Core.Policy;

/// <summary>
/// The engine's answer for one object. <see cref="Allowed"/> says whether the object is acceptable once
/// <see cref="Patch"/> is applied.
/// </summary>
/// <param name="Tier">The tier that matched.</param>
/// <param name="TierReason">Why it matched, for example <c>pod label vendor-workload=true</c>.</param>
/// <param name="AssignedRuntimeClass">The runtime class the pod runs with after the patch (assigned or its own), or null.</param>
/// <param name="AllowedRuntimeClasses">The tier's allowed classes; empty means any.</param>
/// <param name="SandboxRequired">The tier demands gVisor or Kata (drives the fail mode).</param>
/// <param name="Allowed">The mutated object passes Pod Security and the runtime rule.</param>
/// <param name="Patch">RFC 6902 operations from the object root; empty when nothing changes.</param>
/// <param name="Violations">Pod Security violations, then runtime-policy violations.</param>
/// <param name="Warnings">Things worth telling the user that do not deny.</param>
public sealed record PolicyDecision(
    string Tier,
    string TierReason,
    string? AssignedRuntimeClass,
    IReadOnlyList<string> AllowedRuntimeClasses,
    bool SandboxRequired,
    bool Allowed,
    IReadOnlyList<JsonPatchOperation> Patch,
    IReadOnlyList<PolicyViolation> Violations,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The Pod Security level and version evaluated (the tier's).</summary>
    public LevelVersion? PodSecurity { get; init; }

    /// <summary>
    /// The denial text, null when allowed: upstream's <c>violates PodSecurity "restricted:latest": reason (detail), ...</c>
    /// and the runtime-policy messages, joined by <c>"; "</c>.
    /// </summary>
    public string? Message { get; init; }
}

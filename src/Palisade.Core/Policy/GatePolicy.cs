using Palisade.Core.Scanning;

namespace Palisade.Core.Policy;

/// <summary>
/// The <c>spec.gate</c> section of a RuntimePolicy (version 1): what <c>palisade gate</c> enforces beyond the tiers.
/// </summary>
/// <param name="Version">The section's schema version; only 1 exists.</param>
/// <param name="InternalRegistries">Registry patterns whose images are internal; every other image is external.</param>
/// <param name="ExternalRuntimeClasses">Classes an external image must run with; empty: no such rule.</param>
/// <param name="Threshold">Findings at or above this severity fail.</param>
/// <param name="CountUnfixed">Whether findings with no fix available count (false: only fixable ones fail).</param>
/// <param name="MaxReportAge">Scan reports older than this fail; null: any age.</param>
/// <param name="Escalations">Findings an image may ship with when its pods run with a stronger runtime class.</param>
/// <param name="CisIgnore">CIS check ids not enforced (reported as ignored).</param>
public sealed record GatePolicy(
    int Version,
    IReadOnlyList<string> InternalRegistries,
    IReadOnlyList<string> ExternalRuntimeClasses,
    Severity Threshold,
    bool CountUnfixed,
    TimeSpan? MaxReportAge,
    IReadOnlyList<EscalationRule> Escalations,
    IReadOnlyList<string> CisIgnore)
{
    /// <summary>What applies when a policy has no <c>gate:</c> section: high and above fail, unfixed ones too, no registry rule.</summary>
    public static GatePolicy Default { get; } = new(1, [], [], Severity.High, CountUnfixed: true, MaxReportAge: null, [], []);

    /// <summary>The image comes from one of <see cref="InternalRegistries"/> (normalised as Docker does).</summary>
    public bool IsInternal(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var reference = ImageReference.Parse(image);
        return InternalRegistries.Any(p => RegistryPattern.Create(p).Matches(reference));
    }
}

/// <summary>
/// An image with findings at or above <see cref="Severity"/> (only unfixed ones when <see cref="UnfixedOnly"/>) may
/// ship, but every pod that runs it must use one of <see cref="RuntimeClasses"/>.
/// </summary>
public sealed record EscalationRule(Severity Severity, bool UnfixedOnly, IReadOnlyList<string> RuntimeClasses);

namespace Palisade.Core.Scanning;

/// <summary>
/// Whether a fix exists, on one scale: trivy's <c>Status</c> (<c>fixed</c>, <c>affected</c>, <c>will_not_fix</c>,
/// <c>fix_deferred</c>, <c>end_of_life</c>) and grype's <c>fix.state</c> (<c>fixed</c>, <c>not-fixed</c>,
/// <c>wont-fix</c>, <c>unknown</c>, and the empty string seen in real output).
/// </summary>
public enum FixState
{
    /// <summary>The scanner did not say (grype <c>unknown</c> or empty, trivy without <c>Status</c> and no fixed version).</summary>
    Unknown = 0,
    Fixed,
    NotFixed,
    WontFix,
    FixDeferred,
    EndOfLife,
}

/// <summary>The one parser and printer of <see cref="FixState"/> values.</summary>
public static class FixStates
{
    public static FixState Parse(string? text) => (text ?? "").ToLowerInvariant() switch
    {
        "fixed" => FixState.Fixed,
        "affected" or "not-fixed" or "not_fixed" => FixState.NotFixed,
        "will_not_fix" or "wont-fix" => FixState.WontFix,
        "fix_deferred" => FixState.FixDeferred,
        "end_of_life" => FixState.EndOfLife,
        _ => FixState.Unknown,
    };

    public static string Format(FixState state) => state switch
    {
        FixState.Fixed => "fixed",
        FixState.NotFixed => "not-fixed",
        FixState.WontFix => "wont-fix",
        FixState.FixDeferred => "fix-deferred",
        FixState.EndOfLife => "end-of-life",
        _ => "unknown",
    };

    /// <summary>Everything but <see cref="FixState.Fixed"/>: no fixed version to upgrade to.</summary>
    public static bool IsUnfixed(FixState state) => state != FixState.Fixed;
}

namespace Palisade.Core.Seccomp;

/// <summary>Compares what two profiles allow.</summary>
public static class SeccompDiff
{
    /// <summary>
    /// Names allowed by <paramref name="b"/> and not <paramref name="a"/> (Added), and the reverse (Removed).
    /// "Allowed" means listed in a rule whose action lets the call run (<c>ALLOW</c> or <c>LOG</c>), with or without
    /// args; a permissive <c>defaultAction</c> is not expanded into names.
    /// </summary>
    public static SeccompDiffResult Compare(SeccompProfile a, SeccompProfile b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var before = AllowedNames(a);
        var after = AllowedNames(b);
        return new SeccompDiffResult(
            [.. after.Except(before, StringComparer.Ordinal)],
            [.. before.Except(after, StringComparer.Ordinal)]);
    }

    internal static SortedSet<string> AllowedNames(SeccompProfile profile, bool unconditionalOnly = false) =>
        new(
            profile.Syscalls
                .Where(r => SeccompActions.Permits(r.Action) && !(unconditionalOnly && r.HasArgs))
                .SelectMany(r => r.Names)
                .Where(n => !string.IsNullOrWhiteSpace(n)),
            StringComparer.Ordinal);
}

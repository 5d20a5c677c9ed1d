namespace Palisade.Core.Seccomp;

/// <summary>A read profile, or null with the diagnostics that explain why not.</summary>
public sealed record SeccompReadResult(SeccompProfile? Profile, IReadOnlyList<SeccompDiagnostic> Diagnostics)
{
    public bool Succeeded => Profile is not null;
}

using Palisade.Core.PodSecurity;
using Palisade.Core.Policy;

namespace Palisade.Core.Checking;

/// <summary>
/// What <c>check</c> evaluates against. A null level or version means "take it from the object's Namespace labels
/// when the inputs hold that Namespace, else restricted / latest". With a <see cref="RuntimePolicy"/>, each pod is
/// checked as admission would see it: mutated by its tier's patch, at its tier's level and version (unless given), and
/// against the tier's runtime classes.
/// </summary>
public sealed record CheckOptions(PodSecurityLevel? Level = null, PodSecurityVersion? Version = null, RuntimePolicy? RuntimePolicy = null)
{
    public static LevelVersion Default => LevelVersion.RestrictedLatest;
}

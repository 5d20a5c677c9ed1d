using Palisade.Core.PodSecurity;

namespace Palisade.Core.Checking;

/// <summary>
/// What <c>check</c> evaluates against. A null level or version means "take it from the object's Namespace labels
/// when the inputs hold that Namespace, else restricted / latest".
/// </summary>
public sealed record CheckOptions(PodSecurityLevel? Level = null, PodSecurityVersion? Version = null)
{
    public static LevelVersion Default => LevelVersion.RestrictedLatest;
}

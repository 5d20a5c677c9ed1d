namespace Palisade.Core.PodSecurity;

/// <summary>A level at a version, shown as upstream shows it: <c>restricted:latest</c>, <c>baseline:v1.30</c>.</summary>
public sealed record LevelVersion(PodSecurityLevel Level, PodSecurityVersion Version)
{
    public static LevelVersion RestrictedLatest { get; } = new(PodSecurityLevel.Restricted, PodSecurityVersion.Latest);

    public override string ToString() => $"{LevelNames.Format(Level)}:{Version}";
}

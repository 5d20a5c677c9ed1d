namespace Palisade.Core.PodSecurity;

/// <summary>The case-sensitive level names used in labels and on the command line.</summary>
public static class LevelNames
{
    public static string Format(PodSecurityLevel level) => level switch
    {
        PodSecurityLevel.Privileged => "privileged",
        PodSecurityLevel.Baseline => "baseline",
        PodSecurityLevel.Restricted => "restricted",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    public static bool TryParse(string? text, out PodSecurityLevel level)
    {
        switch (text)
        {
            case "privileged": level = PodSecurityLevel.Privileged; return true;
            case "baseline": level = PodSecurityLevel.Baseline; return true;
            case "restricted": level = PodSecurityLevel.Restricted; return true;
            default: level = PodSecurityLevel.Restricted; return false;
        }
    }
}

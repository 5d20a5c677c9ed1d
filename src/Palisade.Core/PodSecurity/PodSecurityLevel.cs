namespace Palisade.Core.PodSecurity;

/// <summary>Pod Security Standards levels, least to most strict.</summary>
public enum PodSecurityLevel
{
    Privileged = 0,
    Baseline = 1,
    Restricted = 2,
}

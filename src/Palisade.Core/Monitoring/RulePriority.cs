namespace Palisade.Core.Monitoring;

/// <summary>Falco's priorities, most severe first.</summary>
public enum RulePriority
{
    Emergency,
    Alert,
    Critical,
    Error,
    Warning,
    Notice,
    Informational,
    Debug,
}

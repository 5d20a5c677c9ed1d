namespace Palisade.Core.PodSecurity;

/// <summary>The outcome of evaluating one pod (or pod template) at one level and version.</summary>
public sealed record PodSecurityResult(LevelVersion Policy, IReadOnlyList<CheckViolation> Violations)
{
    public bool Allowed => Violations.Count == 0;

    /// <summary>Reasons joined by <c>", "</c>, as upstream's ForbiddenReason.</summary>
    public string ForbiddenReason => string.Join(", ", Violations.Select(v => v.Reason.Length == 0 ? "unknown forbidden reason" : v.Reason));

    /// <summary>Each reason with its detail, joined by <c>", "</c>, as upstream's ForbiddenDetail.</summary>
    public string ForbiddenDetail => string.Join(", ", Violations.Select(v => v.ToString()));

    /// <summary>The denial text: <c>violates PodSecurity "restricted:latest": ...</c>.</summary>
    public string DenialMessage => $"violates PodSecurity \"{Policy}\": {ForbiddenDetail}";
}

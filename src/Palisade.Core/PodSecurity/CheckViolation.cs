namespace Palisade.Core.PodSecurity;

/// <summary>
/// One failed Pod Security check, with upstream's reason and detail text.
/// <see cref="Paths"/> are JSON pointers, relative to the pod template (the object holding <c>metadata</c> and
/// <c>spec</c>), of the offending fields, or of the object that lacks a required field
/// (for example <c>/spec/containers/0/securityContext/allowPrivilegeEscalation</c>).
/// </summary>
public sealed record CheckViolation(string CheckId, string Reason, string Detail, IReadOnlyList<string> Paths)
{
    /// <summary>Upstream's rendering of one reason: <c>reason (detail)</c>, or just the reason when there is no detail.</summary>
    public override string ToString() => Detail.Length == 0 ? Reason : $"{Reason} ({Detail})";
}

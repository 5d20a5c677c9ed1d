namespace Palisade.Core.Admission;

/// <summary>authentication/v1 UserInfo of the requester.</summary>
public sealed record AdmissionUserInfo
{
    public string? Username { get; init; }

    public string? Uid { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>>? Extra { get; init; }
}

namespace Palisade.Core.Admission;

/// <summary>The <c>response</c> of an AdmissionReview (k8s.io/api/admission/v1 AdmissionResponse).</summary>
public sealed record AdmissionResponse
{
    public const string JsonPatchType = "JSONPatch";

    /// <summary>Copied from the request.</summary>
    public required string Uid { get; init; }

    public required bool Allowed { get; init; }

    /// <summary>Why a request was refused; the API server ignores it when <see cref="Allowed"/> is true.</summary>
    public AdmissionStatus? Status { get; init; }

    /// <summary>An RFC 6902 JSON Patch; serialized as base64, as the API expects.</summary>
    public byte[]? Patch { get; init; }

    public string? PatchType { get; init; }

    /// <summary>The API server prefixes each key with the webhook's name.</summary>
    public IReadOnlyDictionary<string, string>? AuditAnnotations { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }
}

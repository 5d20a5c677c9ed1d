namespace Palisade.Core.Admission;

/// <summary>
/// <c>admission.k8s.io/v1</c> AdmissionReview: the API server sends one with <see cref="Request"/> set, the webhook
/// answers with one whose <see cref="Response"/> is set (the Kubernetes C# client has no model for it).
/// </summary>
public sealed record AdmissionReview
{
    public const string V1 = "admission.k8s.io/v1";

    public const string ReviewKind = "AdmissionReview";

    public string? ApiVersion { get; init; }

    public string? Kind { get; init; }

    public AdmissionRequest? Request { get; init; }

    public AdmissionResponse? Response { get; init; }
}

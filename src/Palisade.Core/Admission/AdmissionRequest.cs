using System.Text.Json;

namespace Palisade.Core.Admission;

/// <summary>The <c>request</c> of an AdmissionReview (k8s.io/api/admission/v1 AdmissionRequest).</summary>
public sealed record AdmissionRequest
{
    public string? Uid { get; init; }

    public GroupVersionKind? Kind { get; init; }

    public GroupVersionResource? Resource { get; init; }

    public string? SubResource { get; init; }

    public GroupVersionKind? RequestKind { get; init; }

    public GroupVersionResource? RequestResource { get; init; }

    public string? RequestSubResource { get; init; }

    /// <summary>Empty on a CREATE with <c>generateName</c>.</summary>
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    /// <summary>CREATE, UPDATE, DELETE or CONNECT.</summary>
    public string? Operation { get; init; }

    public AdmissionUserInfo? UserInfo { get; init; }

    /// <summary>The object as sent (null on DELETE).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The field is named object in admission.k8s.io/v1.")]
    public JsonElement? Object { get; init; }

    public JsonElement? OldObject { get; init; }

    public bool? DryRun { get; init; }

    public JsonElement? Options { get; init; }
}

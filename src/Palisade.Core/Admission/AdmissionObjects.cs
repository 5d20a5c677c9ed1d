using System.Text.Json.Serialization;
using k8s.Models;

namespace Palisade.Core.Admission;

/// <summary>What <see cref="AdmissionReviewStream"/> decodes of a pod in <c>request.object</c>; other fields are skipped.</summary>
internal sealed class PodObject
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta? Metadata { get; set; }

    [JsonPropertyName("spec")]
    public V1PodSpec? Spec { get; set; }
}

/// <summary>What <see cref="AdmissionReviewStream"/> decodes of a pod-bearing controller in <c>request.object</c>.</summary>
internal sealed class ControllerObject
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("metadata")]
    public V1ObjectMeta? Metadata { get; set; }

    [JsonPropertyName("spec")]
    public ControllerSpec? Spec { get; set; }
}

/// <summary>
/// The way to a controller's pod template: <c>spec.template</c>, or for a CronJob <c>spec.jobTemplate.spec.template</c>
/// (the pointers of <see cref="Manifests.PodTemplateReader.TemplatePointer"/>).
/// </summary>
internal sealed class ControllerSpec
{
    [JsonPropertyName("template")]
    public V1PodTemplateSpec? Template { get; set; }

    [JsonPropertyName("jobTemplate")]
    public JobTemplate? JobTemplate { get; set; }
}

/// <summary>A CronJob's <c>spec.jobTemplate</c>, as far as its pod template.</summary>
internal sealed class JobTemplate
{
    [JsonPropertyName("spec")]
    public ControllerSpec? Spec { get; set; }
}

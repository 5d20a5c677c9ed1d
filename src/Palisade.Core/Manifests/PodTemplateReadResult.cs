namespace Palisade.Core.Manifests;

/// <summary>
/// What <see cref="PodTemplateReader"/> found. Not pod-bearing: the object runs no pods (a Service, a ConfigMap, an
/// unknown kind). Pod-bearing with no template and no error: the kind runs pods but this object has no template.
/// </summary>
public sealed record PodTemplateReadResult(PodTemplate? Template, bool IsPodBearing, ManifestDiagnostic? Error);

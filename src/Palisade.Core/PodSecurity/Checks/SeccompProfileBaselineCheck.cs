using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>
/// baseline seccompProfile_baseline. v1.0 to v1.18 read only the deprecated seccomp annotations; v1.19+ read only the
/// seccompProfile fields, where an unset profile is fine but a set one must be RuntimeDefault or Localhost.
/// </summary>
internal static class SeccompProfileBaselineCheck
{
    private const string PodAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
    private const string ContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

    public static CheckViolation? EvaluateAnnotations(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        var annotations = metadata?.Annotations;
        if (annotations is null || annotations.Count == 0)
        {
            return null;
        }

        var anyBad = annotations.TryGetValue(PodAnnotation, out var podValue) && !IsAllowedAnnotation(podValue);
        if (!anyBad && Annotations.AnyKeyStartsWith(annotations, ContainerAnnotationPrefix))
        {
            foreach (var pair in annotations)
            {
                if (IsBadContainerAnnotation(pair, spec))
                {
                    anyBad = true;
                    break;
                }
            }
        }

        if (!anyBad)
        {
            return null;
        }

        var bad = new List<string>();
        var paths = new List<string>();
        foreach (var pair in annotations)
        {
            if ((pair.Key == PodAnnotation && !IsAllowedAnnotation(pair.Value)) || IsBadContainerAnnotation(pair, spec))
            {
                bad.Add(MessageText.KeyValue(pair.Key, pair.Value ?? string.Empty));
                paths.Add(Annotations.Path(pair.Key));
            }
        }

        var values = MessageText.SortedDistinct(bad);
        paths.Sort(StringComparer.Ordinal);
        var detail = MessageText.Pluralize("forbidden annotation", "forbidden annotations", values.Count) + " " + string.Join(", ", values);
        return new CheckViolation(checkId, "seccompProfile", detail, paths);
    }

    public static CheckViolation? EvaluateFields(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        var podProfile = spec.SecurityContext?.SeccompProfile;
        var podBad = podProfile is not null && !SeccompTypes.IsAllowed(podProfile.Type);
        List<string>? names = null;
        List<string>? types = null;
        List<string>? paths = null;
        if (podBad)
        {
            (types ??= []).Add(podProfile!.Type ?? string.Empty);
            (paths ??= []).Add("/spec/securityContext/seccompProfile/type");
        }

        foreach (var c in new ContainerWalk(spec))
        {
            var profile = c.SecurityContext?.SeccompProfile;
            if (profile is not null && !SeccompTypes.IsAllowed(profile.Type))
            {
                (names ??= []).Add(c.Name);
                (types ??= []).Add(profile.Type ?? string.Empty);
                (paths ??= []).Add(c.Path("/securityContext/seccompProfile/type"));
            }
        }

        if (paths is null)
        {
            return null;
        }

        var detail = MessageText.Setters(podBad, names) + " must not set securityContext.seccompProfile.type to "
            + MessageText.JoinQuote(MessageText.SortedDistinct(types!));
        return new CheckViolation(checkId, "seccompProfile", detail, paths);
    }

    private static bool IsBadContainerAnnotation(KeyValuePair<string, string> pair, V1PodSpec spec)
    {
        if (!pair.Key.StartsWith(ContainerAnnotationPrefix, StringComparison.Ordinal) || IsAllowedAnnotation(pair.Value))
        {
            return false;
        }

        // Only annotations naming a container of this pod count.
        var name = pair.Key.AsSpan(ContainerAnnotationPrefix.Length);
        foreach (var c in new ContainerWalk(spec))
        {
            if (name.SequenceEqual(c.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAllowedAnnotation(string? value) =>
        value is "runtime/default" or "docker/default"
        || (value is not null && value.StartsWith("localhost/", StringComparison.Ordinal));
}

/// <summary>The seccomp profile types the baseline and restricted checks accept.</summary>
internal static class SeccompTypes
{
    public static bool IsAllowed(string? type) => type is "RuntimeDefault" or "Localhost";
}

using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>
/// baseline appArmorProfile: profile fields must be RuntimeDefault or Localhost, and every
/// <c>container.apparmor.security.beta.kubernetes.io/*</c> annotation must be empty, runtime/default or localhost/*.
/// </summary>
internal static class AppArmorProfileCheck
{
    private const string AnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        var podProfile = spec.SecurityContext?.AppArmorProfile;
        var podBad = podProfile is not null && !IsAllowedType(podProfile.Type);
        var anyContainerBad = false;
        foreach (var c in new ContainerWalk(spec))
        {
            var profile = c.SecurityContext?.AppArmorProfile;
            if (profile is not null && !IsAllowedType(profile.Type))
            {
                anyContainerBad = true;
                break;
            }
        }

        var annotations = metadata?.Annotations;
        if (!podBad && !anyContainerBad && !HasBadAnnotation(annotations))
        {
            return null;
        }

        return Build(checkId, annotations, spec, podBad);
    }

    private static CheckViolation Build(string checkId, IDictionary<string, string>? annotations, V1PodSpec spec, bool podBad)
    {
        var badTypes = new List<string>();
        var paths = new List<string>();
        if (podBad)
        {
            badTypes.Add(spec.SecurityContext!.AppArmorProfile!.Type ?? string.Empty);
            paths.Add("/spec/securityContext/appArmorProfile/type");
        }

        var names = new List<string>();
        foreach (var c in new ContainerWalk(spec))
        {
            var profile = c.SecurityContext?.AppArmorProfile;
            if (profile is not null && !IsAllowedType(profile.Type))
            {
                names.Add(c.Name);
                badTypes.Add(profile.Type ?? string.Empty);
                paths.Add(c.Path("/securityContext/appArmorProfile/type"));
            }
        }

        var badAnnotations = new List<string>();
        if (annotations is not null)
        {
            var found = new List<(string Rendered, string Path)>();
            foreach (var pair in annotations)
            {
                if (pair.Key.StartsWith(AnnotationPrefix, StringComparison.Ordinal) && !IsAllowedAnnotation(pair.Value))
                {
                    found.Add((MessageText.KeyValue(pair.Key, pair.Value ?? string.Empty), Annotations.Path(pair.Key)));
                }
            }

            // Upstream sorts the rendered key=value strings; keep the paths in the same order.
            found.Sort((a, b) => string.CompareOrdinal(a.Rendered, b.Rendered));
            foreach (var (rendered, path) in found)
            {
                badAnnotations.Add(rendered);
                paths.Add(path);
            }
        }

        var setters = new List<string>(3);
        if (podBad)
        {
            setters.Add("pod");
        }

        if (names.Count > 0)
        {
            setters.Add(MessageText.Containers(names));
        }

        if (badAnnotations.Count > 0)
        {
            setters.Add(MessageText.Pluralize("annotation", "annotations", badAnnotations.Count));
        }

        var values = MessageText.SortedDistinct(badTypes);
        values.AddRange(badAnnotations);
        var reason = MessageText.Pluralize("forbidden AppArmor profile", "forbidden AppArmor profiles", values.Count);
        var detail = string.Join(" and ", setters) + " must not set AppArmor profile type to " + MessageText.JoinQuote(values);
        return new CheckViolation(checkId, reason, detail, paths);
    }

    private static bool HasBadAnnotation(IDictionary<string, string>? annotations)
    {
        if (!Annotations.AnyKeyStartsWith(annotations, AnnotationPrefix))
        {
            return false;
        }

        foreach (var pair in annotations!)
        {
            if (pair.Key.StartsWith(AnnotationPrefix, StringComparison.Ordinal) && !IsAllowedAnnotation(pair.Value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAllowedType(string? type) => type is "RuntimeDefault" or "Localhost";

    private static bool IsAllowedAnnotation(string? value) =>
        string.IsNullOrEmpty(value) || value == "runtime/default" || value.StartsWith("localhost/", StringComparison.Ordinal);
}

using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>
/// restricted seccompProfile_restricted (v1.19+): RuntimeDefault or Localhost, set at pod level or on every container.
/// </summary>
internal static class SeccompProfileRestrictedCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        var podProfile = spec.SecurityContext?.SeccompProfile;
        var podSet = podProfile is not null && SeccompTypes.IsAllowed(podProfile.Type);
        var podBad = podProfile is not null && !podSet;
        List<string>? explicitNames = null;
        List<string>? badTypes = null;
        List<string>? explicitPaths = null;
        List<string>? implicitNames = null;
        List<string>? implicitPaths = null;
        if (podBad)
        {
            (badTypes ??= []).Add(podProfile!.Type ?? string.Empty);
            (explicitPaths ??= []).Add("/spec/securityContext/seccompProfile/type");
        }

        foreach (var c in new ContainerWalk(spec))
        {
            var profile = c.SecurityContext?.SeccompProfile;
            if (profile is null)
            {
                if (!podSet)
                {
                    (implicitNames ??= []).Add(c.Name);
                    (implicitPaths ??= []).Add(c.Path("/securityContext/seccompProfile/type"));
                }
            }
            else if (!SeccompTypes.IsAllowed(profile.Type))
            {
                (explicitNames ??= []).Add(c.Name);
                (badTypes ??= []).Add(profile.Type ?? string.Empty);
                (explicitPaths ??= []).Add(c.Path("/securityContext/seccompProfile/type"));
            }
        }

        if (explicitPaths is not null)
        {
            var detail = MessageText.Setters(podBad, explicitNames) + " must not set securityContext.seccompProfile.type to "
                + MessageText.JoinQuote(MessageText.SortedDistinct(badTypes!));
            return new CheckViolation(checkId, "seccompProfile", detail, explicitPaths);
        }

        return implicitNames is null
            ? null
            : new CheckViolation(
                checkId,
                "seccompProfile",
                "pod or " + MessageText.Containers(implicitNames)
                    + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"",
                implicitPaths!);
    }
}

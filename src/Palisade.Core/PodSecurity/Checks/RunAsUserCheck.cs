using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>restricted runAsUser (v1.23+): runAsUser must not be 0 at pod or container level.</summary>
internal static class RunAsUserCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        var podBad = spec.SecurityContext?.RunAsUser == 0;
        List<string>? names = null;
        List<string>? paths = null;
        if (podBad)
        {
            (paths ??= []).Add("/spec/securityContext/runAsUser");
        }

        foreach (var c in new ContainerWalk(spec))
        {
            if (c.SecurityContext?.RunAsUser == 0)
            {
                (names ??= []).Add(c.Name);
                (paths ??= []).Add(c.Path("/securityContext/runAsUser"));
            }
        }

        return paths is null
            ? null
            : new CheckViolation(checkId, "runAsUser=0", MessageText.Setters(podBad, names) + " must not set runAsUser=0", paths);
    }
}

using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>baseline privileged: no container may set securityContext.privileged=true.</summary>
internal static class PrivilegedCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        List<string>? names = null;
        List<string>? paths = null;
        foreach (var c in new ContainerWalk(spec))
        {
            if (c.SecurityContext?.Privileged == true)
            {
                (names ??= []).Add(c.Name);
                (paths ??= []).Add(c.Path("/securityContext/privileged"));
            }
        }

        return names is null
            ? null
            : new CheckViolation(checkId, "privileged", MessageText.Containers(names) + " must not set securityContext.privileged=true", paths!);
    }
}

using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>restricted allowPrivilegeEscalation (v1.8+): every container must set it explicitly to false.</summary>
internal static class AllowPrivilegeEscalationCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        List<string>? names = null;
        List<string>? paths = null;
        foreach (var c in new ContainerWalk(spec))
        {
            if (c.SecurityContext?.AllowPrivilegeEscalation != false)
            {
                (names ??= []).Add(c.Name);
                (paths ??= []).Add(c.Path("/securityContext/allowPrivilegeEscalation"));
            }
        }

        return names is null
            ? null
            : new CheckViolation(
                checkId,
                "allowPrivilegeEscalation != false",
                MessageText.Containers(names) + " must set securityContext.allowPrivilegeEscalation=false",
                paths!);
    }
}

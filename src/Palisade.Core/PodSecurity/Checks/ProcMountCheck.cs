using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>procMount (baseline) and procMount_restricted: securityContext.procMount must be unset or Default.</summary>
internal static class ProcMountCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        List<string>? names = null;
        List<string>? values = null;
        List<string>? paths = null;
        foreach (var c in new ContainerWalk(spec))
        {
            var procMount = c.SecurityContext?.ProcMount;
            if (procMount is not null && procMount != "Default")
            {
                (names ??= []).Add(c.Name);
                (values ??= []).Add(procMount);
                (paths ??= []).Add(c.Path("/securityContext/procMount"));
            }
        }

        if (names is null)
        {
            return null;
        }

        var detail = MessageText.Containers(names) + " must not set securityContext.procMount to "
            + MessageText.JoinQuote(MessageText.SortedDistinct(values!));
        return new CheckViolation(checkId, "procMount", detail, paths!);
    }
}

using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>baseline capabilities_baseline: capabilities.add may only hold the default container runtime set.</summary>
internal static class CapabilitiesBaselineCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        List<string>? names = null;
        List<string>? paths = null;
        List<string>? forbidden = null;
        foreach (var c in new ContainerWalk(spec))
        {
            var add = c.SecurityContext?.Capabilities?.Add;
            if (add is null)
            {
                continue;
            }

            var bad = false;
            for (var i = 0; i < add.Count; i++)
            {
                var cap = add[i];
                if (cap is not null && !IsDefault(cap))
                {
                    bad = true;
                    (forbidden ??= []).Add(cap);
                }
            }

            if (bad)
            {
                (names ??= []).Add(c.Name);
                (paths ??= []).Add(c.Path("/securityContext/capabilities/add"));
            }
        }

        if (names is null)
        {
            return null;
        }

        var detail = MessageText.Containers(names) + " must not include "
            + MessageText.JoinQuote(MessageText.SortedDistinct(forbidden!)) + " in securityContext.capabilities.add";
        return new CheckViolation(checkId, "non-default capabilities", detail, paths!);
    }

    private static bool IsDefault(string capability) => capability switch
    {
        "AUDIT_WRITE" or "CHOWN" or "DAC_OVERRIDE" or "FOWNER" or "FSETID" or "KILL" or "MKNOD"
            or "NET_BIND_SERVICE" or "SETFCAP" or "SETGID" or "SETPCAP" or "SETUID" or "SYS_CHROOT" => true,
        _ => false,
    };
}

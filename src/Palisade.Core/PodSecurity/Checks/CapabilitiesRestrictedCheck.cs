using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>restricted capabilities_restricted (v1.22+): drop ALL, and add nothing but NET_BIND_SERVICE.</summary>
internal static class CapabilitiesRestrictedCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        List<string>? missingDrop = null;
        List<string>? adding = null;
        List<string>? forbidden = null;
        List<string>? paths = null;
        foreach (var c in new ContainerWalk(spec))
        {
            var capabilities = c.SecurityContext?.Capabilities;
            if (capabilities is null || !DropsAll(capabilities.Drop))
            {
                (missingDrop ??= []).Add(c.Name);
                (paths ??= []).Add(c.Path("/securityContext/capabilities/drop"));
            }

            var add = capabilities?.Add;
            if (add is null)
            {
                continue;
            }

            var bad = false;
            for (var i = 0; i < add.Count; i++)
            {
                if (add[i] is { } cap && cap != "NET_BIND_SERVICE")
                {
                    bad = true;
                    (forbidden ??= []).Add(cap);
                }
            }

            if (bad)
            {
                (adding ??= []).Add(c.Name);
                (paths ??= []).Add(c.Path("/securityContext/capabilities/add"));
            }
        }

        if (paths is null)
        {
            return null;
        }

        var parts = new List<string>(2);
        if (missingDrop is not null)
        {
            parts.Add(MessageText.Containers(missingDrop) + " must set securityContext.capabilities.drop=[\"ALL\"]");
        }

        if (adding is not null)
        {
            parts.Add(MessageText.Containers(adding) + " must not include "
                + MessageText.JoinQuote(MessageText.SortedDistinct(forbidden!)) + " in securityContext.capabilities.add");
        }

        return new CheckViolation(checkId, "unrestricted capabilities", string.Join("; ", parts), paths);
    }

    private static bool DropsAll(IList<string>? drop)
    {
        if (drop is null)
        {
            return false;
        }

        for (var i = 0; i < drop.Count; i++)
        {
            if (drop[i] == "ALL")
            {
                return true;
            }
        }

        return false;
    }
}

using System.Globalization;
using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>baseline hostPorts: no container port may set a non-zero hostPort.</summary>
internal static class HostPortsCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        List<string>? names = null;
        List<string>? paths = null;
        List<string>? ports = null;
        foreach (var c in new ContainerWalk(spec))
        {
            var list = c.Ports;
            if (list is null)
            {
                continue;
            }

            var bad = false;
            for (var i = 0; i < list.Count; i++)
            {
                var hostPort = list[i]?.HostPort;
                if (hostPort is { } p && p != 0)
                {
                    bad = true;
                    (ports ??= []).Add(p.ToString(CultureInfo.InvariantCulture));
                    (paths ??= []).Add(c.Path(string.Create(CultureInfo.InvariantCulture, $"/ports/{i}/hostPort")));
                }
            }

            if (bad)
            {
                (names ??= []).Add(c.Name);
            }
        }

        if (names is null)
        {
            return null;
        }

        var distinct = MessageText.SortedDistinct(ports!);
        var detail = MessageText.Containers(names) + " " + MessageText.Pluralize("uses", "use", names.Count) + " "
            + MessageText.Pluralize("hostPort", "hostPorts", distinct.Count) + " " + string.Join(", ", distinct);
        return new CheckViolation(checkId, "hostPort", detail, paths!);
    }
}

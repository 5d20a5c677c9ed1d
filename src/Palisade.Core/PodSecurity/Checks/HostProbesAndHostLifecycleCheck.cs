using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>baseline hostProbesAndHostLifecycle (v1.34+): probe and lifecycle handlers must not set a host.</summary>
internal static class HostProbesAndHostLifecycleCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        List<string>? names = null;
        List<string>? hosts = null;
        List<string>? paths = null;
        foreach (var c in new ContainerWalk(spec))
        {
            var bad = false;
            bad |= Inspect(c.LivenessProbe?.HttpGet?.Host, c, "/livenessProbe/httpGet/host", ref hosts, ref paths);
            bad |= Inspect(c.LivenessProbe?.TcpSocket?.Host, c, "/livenessProbe/tcpSocket/host", ref hosts, ref paths);
            bad |= Inspect(c.ReadinessProbe?.HttpGet?.Host, c, "/readinessProbe/httpGet/host", ref hosts, ref paths);
            bad |= Inspect(c.ReadinessProbe?.TcpSocket?.Host, c, "/readinessProbe/tcpSocket/host", ref hosts, ref paths);
            bad |= Inspect(c.StartupProbe?.HttpGet?.Host, c, "/startupProbe/httpGet/host", ref hosts, ref paths);
            bad |= Inspect(c.StartupProbe?.TcpSocket?.Host, c, "/startupProbe/tcpSocket/host", ref hosts, ref paths);
            var lifecycle = c.Lifecycle;
            if (lifecycle is not null)
            {
                bad |= Inspect(lifecycle.PostStart?.HttpGet?.Host, c, "/lifecycle/postStart/httpGet/host", ref hosts, ref paths);
                bad |= Inspect(lifecycle.PostStart?.TcpSocket?.Host, c, "/lifecycle/postStart/tcpSocket/host", ref hosts, ref paths);
                bad |= Inspect(lifecycle.PreStop?.HttpGet?.Host, c, "/lifecycle/preStop/httpGet/host", ref hosts, ref paths);
                bad |= Inspect(lifecycle.PreStop?.TcpSocket?.Host, c, "/lifecycle/preStop/tcpSocket/host", ref hosts, ref paths);
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

        // Unlike other checks, upstream keeps the containers in a set, so they come out sorted and deduplicated.
        var sortedNames = MessageText.SortedDistinct(names);
        var distinctHosts = MessageText.SortedDistinct(hosts!);
        var detail = MessageText.Containers(sortedNames) + " " + MessageText.Pluralize("uses", "use", sortedNames.Count) + " "
            + MessageText.Pluralize("probe or lifecycle host", "probe or lifecycle hosts", distinctHosts.Count) + " "
            + MessageText.JoinQuote(distinctHosts);
        return new CheckViolation(checkId, "probe or lifecycle host", detail, paths!);
    }

    private static bool Inspect(string? host, ContainerRef container, string suffix, ref List<string>? hosts, ref List<string>? paths)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        (hosts ??= []).Add(host);
        (paths ??= []).Add(container.Path(suffix));
        return true;
    }
}

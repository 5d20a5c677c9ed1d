using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>baseline hostNamespaces: hostNetwork, hostPID and hostIPC must not be true.</summary>
internal static class HostNamespacesCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        if (spec.HostNetwork != true && spec.HostPID != true && spec.HostIPC != true)
        {
            return null;
        }

        var parts = new List<string>(3);
        var paths = new List<string>(3);
        if (spec.HostNetwork == true)
        {
            parts.Add("hostNetwork=true");
            paths.Add("/spec/hostNetwork");
        }

        if (spec.HostPID == true)
        {
            parts.Add("hostPID=true");
            paths.Add("/spec/hostPID");
        }

        if (spec.HostIPC == true)
        {
            parts.Add("hostIPC=true");
            paths.Add("/spec/hostIPC");
        }

        return new CheckViolation(checkId, "host namespaces", string.Join(", ", parts), paths);
    }
}

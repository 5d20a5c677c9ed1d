using System.Globalization;
using System.Text;

namespace Palisade.Core.Seccomp;

/// <summary>
/// A seccomp profile as Kubernetes takes it: a node file for <c>securityContext.seccompProfile</c> of type
/// <c>Localhost</c> (kubelet resolves <c>localhostProfile</c> under <c>/var/lib/kubelet/seccomp/</c>), the pod patch
/// that selects it, and a Security Profiles Operator <c>SeccompProfile</c> object that installs it on every node.
/// </summary>
public static class SeccompKubernetes
{
    public const string KubeletSeccompRoot = "/var/lib/kubelet/seccomp";

    /// <summary>The node-relative path kubelet reads for <paramref name="name"/>: <c>palisade/NAME.json</c>.</summary>
    public static string LocalhostProfile(string name) => $"palisade/{name}.json";

    public static string PodPatch(string name) => $"""
        # Copy seccomp.json to {KubeletSeccompRoot}/{LocalhostProfile(name)} on every node (or apply the
        # SeccompProfile object with the Security Profiles Operator), then patch the workload:
        #   kubectl patch deployment NAME --patch-file seccomp-pod-patch.yaml
        spec:
          template:
            spec:
              securityContext:
                seccompProfile:
                  type: Localhost
                  localhostProfile: {LocalhostProfile(name)}

        """;

    /// <summary>A <c>security-profiles-operator.x-k8s.io/v1beta1</c> SeccompProfile with the same rules.</summary>
    public static string SecurityProfilesOperatorObject(SeccompProfile profile, string name, string @namespace)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var y = new StringBuilder();
        y.Append(CultureInfo.InvariantCulture, $"""
            apiVersion: security-profiles-operator.x-k8s.io/v1beta1
            kind: SeccompProfile
            metadata:
              name: {name}
              namespace: {@namespace}
            spec:
              defaultAction: {profile.DefaultAction}

            """);
        if (profile.Architectures.Count > 0)
        {
            y.Append("  architectures:\n");
            foreach (var arch in profile.Architectures)
            {
                y.Append(CultureInfo.InvariantCulture, $"    - {arch}\n");
            }
        }

        y.Append("  syscalls:\n");
        foreach (var rule in profile.Syscalls)
        {
            y.Append(CultureInfo.InvariantCulture, $"    - action: {rule.Action}\n");
            if (rule.ErrnoRet is { } errno)
            {
                y.Append(CultureInfo.InvariantCulture, $"      errnoRet: {errno}\n");
            }

            y.Append("      names:\n");
            foreach (var n in rule.Names)
            {
                y.Append(CultureInfo.InvariantCulture, $"        - {n}\n");
            }

            if (rule.Args is { Count: > 0 } args)
            {
                y.Append("      args:\n");
                foreach (var a in args)
                {
                    y.Append(CultureInfo.InvariantCulture, $"        - index: {a.Index}\n          value: {a.Value}\n          op: {a.Op}\n");
                    if (a.ValueTwo is { } two)
                    {
                        y.Append(CultureInfo.InvariantCulture, $"          valueTwo: {two}\n");
                    }
                }
            }
        }

        return y.ToString();
    }
}

using System.Globalization;
using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>baseline sysctls: only the namespaced, safe sysctls allowed at the policy version.</summary>
internal static class SysctlsCheck
{
    /// <summary>The variant for policy minor <paramref name="minor"/>: the allowed set grows at v1.27, v1.29, v1.32 and v1.37.</summary>
    public static CheckFunction ForMinor(int minor) => (checkId, metadata, spec) => Evaluate(checkId, spec, minor);

    private static CheckViolation? Evaluate(string checkId, V1PodSpec spec, int minor)
    {
        var sysctls = spec.SecurityContext?.Sysctls;
        if (sysctls is null)
        {
            return null;
        }

        List<string>? names = null;
        List<string>? paths = null;
        for (var i = 0; i < sysctls.Count; i++)
        {
            var name = sysctls[i]?.Name;
            if (sysctls[i] is not null && AllowedSince(name) > minor)
            {
                (names ??= []).Add(name ?? string.Empty);
                (paths ??= []).Add(string.Create(CultureInfo.InvariantCulture, $"/spec/securityContext/sysctls/{i}/name"));
            }
        }

        return names is null ? null : new CheckViolation(checkId, "forbidden sysctls", string.Join(", ", names), paths!);
    }

    /// <summary>The policy minor from which a sysctl is allowed; <see cref="int.MaxValue"/> if never.</summary>
    private static int AllowedSince(string? name) => name switch
    {
        "kernel.shm_rmid_forced" or "net.ipv4.ip_local_port_range" or "net.ipv4.tcp_syncookies"
            or "net.ipv4.ping_group_range" or "net.ipv4.ip_unprivileged_port_start" => 0,
        "net.ipv4.ip_local_reserved_ports" => 27,
        "net.ipv4.tcp_keepalive_time" or "net.ipv4.tcp_fin_timeout" or "net.ipv4.tcp_keepalive_intvl"
            or "net.ipv4.tcp_keepalive_probes" => 29,
        "net.ipv4.tcp_rmem" or "net.ipv4.tcp_wmem" => 32,
        "net.ipv4.tcp_slow_start_after_idle" or "net.ipv4.tcp_notsent_lowat" => 37,
        _ => int.MaxValue,
    };
}

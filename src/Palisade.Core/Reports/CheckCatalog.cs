namespace Palisade.Core.Reports;

/// <summary>What each Pod Security check protects and how to satisfy it: the help text of SARIF rules and docs.</summary>
public sealed record CheckInfo(string Id, string Level, string Title, string Help)
{
    /// <summary>Where the rule is documented.</summary>
    public string Uri { get; init; } = CheckCatalog.StandardsUri;

    /// <summary>
    /// GitHub's <c>security-severity</c>: baseline checks stop known privilege escalations (high, 8.0); restricted
    /// checks are hardening (medium, 5.5); a pod outside its runtime tier runs without the sandbox it needs (high, 7.5).
    /// </summary>
    public string SecuritySeverity => Level switch
    {
        "baseline" => "8.0",
        "restricted" => "5.5",
        _ => "7.5",
    };
}

public static class CheckCatalog
{
    public const string StandardsUri = "https://kubernetes.io/docs/concepts/security/pod-security-standards/";

    public static IReadOnlyList<CheckInfo> All { get; } =
    [
        new("appArmorProfile", "baseline", "AppArmor profile must not be disabled",
            "Do not set the AppArmor profile type to Unconfined. Leave it unset, or use RuntimeDefault or Localhost (annotation values runtime/default or localhost/<profile>)."),
        new("capabilities_baseline", "baseline", "No capabilities beyond the default set",
            "Only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT may be added in securityContext.capabilities.add."),
        new("hostNamespaces", "baseline", "Host namespaces must not be shared",
            "Remove spec.hostNetwork, spec.hostPID and spec.hostIPC, or set them to false."),
        new("hostPathVolumes", "baseline", "HostPath volumes are forbidden",
            "Replace hostPath volumes with emptyDir, configMap, secret, projected or a persistentVolumeClaim."),
        new("hostPorts", "baseline", "Host ports are forbidden",
            "Remove hostPort from container ports (or set it to 0); expose the pod through a Service instead."),
        new("hostProbesAndHostLifecycle", "baseline", "Probes and lifecycle handlers must not target other hosts",
            "Remove the host field from httpGet and tcpSocket probes and lifecycle handlers; they then target the pod's own IP."),
        new("privileged", "baseline", "Privileged containers are forbidden",
            "Remove securityContext.privileged or set it to false."),
        new("procMount", "baseline", "The default /proc mask is required",
            "Remove securityContext.procMount or set it to Default."),
        new("seLinuxOptions", "baseline", "Custom SELinux options are forbidden",
            "Set seLinuxOptions.type only to container_t, container_init_t, container_kvm_t or container_engine_t (v1.31+), and do not set user or role."),
        new("seccompProfile_baseline", "baseline", "Seccomp must not be disabled",
            "Do not set the seccomp profile to Unconfined; use RuntimeDefault or Localhost (annotations before v1.19: runtime/default, docker/default or localhost/<profile>)."),
        new("sysctls", "baseline", "Only safe sysctls may be set",
            "Remove sysctls outside the safe set (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_unprivileged_port_start, and the later additions for the policy version)."),
        new("windowsHostProcess", "baseline", "Windows HostProcess containers are forbidden",
            "Remove securityContext.windowsOptions.hostProcess or set it to false."),
        new("allowPrivilegeEscalation", "restricted", "Privilege escalation must be disallowed",
            "Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container."),
        new("capabilities_restricted", "restricted", "Capabilities must be dropped",
            "Set securityContext.capabilities.drop: [\"ALL\"] on every container; only NET_BIND_SERVICE may be added back."),
        new("procMount_restricted", "restricted", "The default /proc mask is required, also with user namespaces",
            "Remove securityContext.procMount or set it to Default."),
        new("restrictedVolumes", "restricted", "Only non-host volume types are allowed",
            "Use only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes."),
        new("runAsNonRoot", "restricted", "Containers must run as non-root",
            "Set securityContext.runAsNonRoot: true on the pod (or on every container), and build the image to run as a non-root user."),
        new("runAsUser", "restricted", "Containers must not run as UID 0",
            "Remove runAsUser: 0 from the pod and container securityContext; use a non-zero UID."),
        new("seccompProfile_restricted", "restricted", "A seccomp profile is required",
            "Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost) on the pod, or on every container."),
    ];

    /// <summary>The level name of runtime-policy rules.</summary>
    public const string RuntimePolicyLevel = "runtime-policy";

    /// <summary>The runtime policy's rule: a pod must run with the RuntimeClass its tier assigns.</summary>
    public static CheckInfo RuntimeClass { get; } = new(Policy.RuntimePolicyEngine.RuntimeClassCheck, RuntimePolicyLevel, "Pods must use the RuntimeClass their tier assigns",
        "Set spec.runtimeClassName to the RuntimeClass of the tier the pod matches in the runtime policy (see `palisade check --policy` output), or move the pod to a tier that allows its runtime.")
    {
        Uri = "https://kubernetes.io/docs/concepts/containers/runtime-class/",
    };

    public static CheckInfo? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}

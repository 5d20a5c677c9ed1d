using k8s.Models;
using Palisade.Core.Manifests;

namespace Palisade.Core.Cis;

/// <summary>
/// CIS section 5 on the pod spec that runs an image, each finding located at the field (or the container lacking it).
/// Init containers are checked like containers, except for probes and resources they do not take the same way.
/// </summary>
public static class CisPodChecks
{
    /// <summary>Docker's default capability set: adding one of these is not a 5.4 finding.</summary>
    private static readonly HashSet<string> DockerDefaultCapabilities = new(StringComparer.Ordinal)
    {
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    };

    private static readonly string[] SensitiveHostDirectories = ["/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr"];

    private static readonly string[] RuntimeSockets = ["docker.sock", "containerd.sock", "crio.sock", "/run/containerd", "/var/run/docker"];

    public static IReadOnlyList<CisFinding> Evaluate(ManifestObject obj, PodTemplate template)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(template);
        var findings = new List<CisFinding>();
        var spec = template.Spec;
        var pod = template.Pointer + "/spec";
        var subject = $"{obj.Kind} {(obj.Namespace is null ? "" : obj.Namespace + "/")}{obj.Name ?? "(unnamed)"}";
        void Add(string id, string pointer, string message) =>
            findings.Add(new CisFinding(CisCatalog.Get(id), subject, message, obj.Source, obj.Locate(pointer)));

        if (spec.HostNetwork == true)
        {
            Add("5.10", pod + "/hostNetwork", "the pod shares the host's network namespace (hostNetwork: true)");
        }

        if (spec.HostPID == true)
        {
            Add("5.16", pod + "/hostPID", "the pod shares the host's process namespace (hostPID: true)");
        }

        if (spec.HostIPC == true)
        {
            Add("5.17", pod + "/hostIPC", "the pod shares the host's IPC namespace (hostIPC: true)");
        }

        if (spec.HostUsers is null or true)
        {
            Add("5.31", pod, "the pod runs in the host's user namespace (set hostUsers: false)");
        }

        if (spec.SecurityContext?.SeccompProfile?.Type == "Unconfined")
        {
            Add("5.22", pod + "/securityContext/seccompProfile/type", "the pod disables seccomp (seccompProfile: Unconfined)");
        }

        if (spec.SecurityContext?.AppArmorProfile?.Type == "Unconfined")
        {
            Add("5.2", pod + "/securityContext/appArmorProfile/type", "the pod disables AppArmor (appArmorProfile: Unconfined)");
        }

        if (spec.SecurityContext?.SeLinuxOptions is { } podSe && (podSe.User is not null || podSe.Role is not null))
        {
            Add("5.3", pod + "/securityContext/seLinuxOptions", "the pod sets a custom SELinux user or role");
        }

        CheckVolumes(spec, pod, Add);
        var longRunning = obj.Kind is not ("Job" or "CronJob") && spec.RestartPolicy is not ("Never" or "OnFailure");
        for (var i = 0; i < (spec.Containers?.Count ?? 0); i++)
        {
            CheckContainer(spec.Containers![i], $"{pod}/containers/{i}", isInit: false, longRunning, Add);
        }

        for (var i = 0; i < (spec.InitContainers?.Count ?? 0); i++)
        {
            CheckContainer(spec.InitContainers![i], $"{pod}/initContainers/{i}", isInit: true, longRunning, Add);
        }

        return findings;
    }

    private static void CheckVolumes(V1PodSpec spec, string pod, Action<string, string, string> add)
    {
        for (var i = 0; i < (spec.Volumes?.Count ?? 0); i++)
        {
            var volume = spec.Volumes![i];
            if (volume.HostPath?.Path is not { } path)
            {
                continue;
            }

            var at = $"{pod}/volumes/{i}/hostPath/path";
            var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
            if (trimmed == "/" || SensitiveHostDirectories.Any(d => trimmed == d || trimmed.StartsWith(d + "/", StringComparison.Ordinal)))
            {
                add("5.6", at, $"volume \"{volume.Name}\" mounts the host directory {path}");
            }

            if (RuntimeSockets.Any(s => trimmed.EndsWith(s, StringComparison.Ordinal)))
            {
                add("5.32", at, $"volume \"{volume.Name}\" mounts the container runtime socket {path}");
            }

            if (trimmed.StartsWith("/dev/", StringComparison.Ordinal) || volume.HostPath.Type is "CharDevice" or "BlockDevice")
            {
                add("5.18", at, $"volume \"{volume.Name}\" exposes the host device {path}");
            }
        }
    }

    private static void CheckContainer(V1Container c, string at, bool isInit, bool longRunning, Action<string, string, string> add)
    {
        var name = $"container \"{c.Name}\"";
        var sc = c.SecurityContext;
        if (sc?.Privileged == true)
        {
            add("5.5", at + "/securityContext/privileged", $"{name} is privileged");
        }

        var added = sc?.Capabilities?.Add?.Select(x => x.StartsWith("CAP_", StringComparison.Ordinal) ? x[4..] : x)
            .Where(x => !DockerDefaultCapabilities.Contains(x)).ToList() ?? [];
        if (added.Count > 0)
        {
            add("5.4", at + "/securityContext/capabilities/add", $"{name} adds capabilities beyond Docker's default set: {string.Join(", ", added)}");
        }

        if (sc?.ReadOnlyRootFilesystem != true)
        {
            add("5.13", sc?.ReadOnlyRootFilesystem is null ? at : at + "/securityContext/readOnlyRootFilesystem", $"{name} has a writable root filesystem (set readOnlyRootFilesystem: true)");
        }

        if (sc?.AllowPrivilegeEscalation != false)
        {
            add("5.26", sc?.AllowPrivilegeEscalation is null ? at : at + "/securityContext/allowPrivilegeEscalation", $"{name} may gain privileges (set allowPrivilegeEscalation: false, no_new_privs)");
        }

        if (sc?.SeccompProfile?.Type == "Unconfined")
        {
            add("5.22", at + "/securityContext/seccompProfile/type", $"{name} disables seccomp (seccompProfile: Unconfined)");
        }

        if (sc?.AppArmorProfile?.Type == "Unconfined")
        {
            add("5.2", at + "/securityContext/appArmorProfile/type", $"{name} disables AppArmor (appArmorProfile: Unconfined)");
        }

        if (sc?.SeLinuxOptions is { } se && (se.User is not null || se.Role is not null))
        {
            add("5.3", at + "/securityContext/seLinuxOptions", $"{name} sets a custom SELinux user or role");
        }

        var limits = c.Resources?.Limits;
        if (limits is null || !limits.ContainsKey("memory"))
        {
            add("5.11", c.Resources is null ? at : at + "/resources", $"{name} has no memory limit");
        }

        if ((limits is null || !limits.ContainsKey("cpu")) && (c.Resources?.Requests is null || !c.Resources.Requests.ContainsKey("cpu")))
        {
            add("5.12", c.Resources is null ? at : at + "/resources", $"{name} sets no CPU request or limit");
        }

        for (var p = 0; p < (c.Ports?.Count ?? 0); p++)
        {
            var port = c.Ports![p];
            if (port.HostPort is not > 0)
            {
                continue;
            }

            var pp = $"{at}/ports/{p}/hostPort";
            add("5.9", pp, $"{name} opens host port {port.HostPort} on the node");
            if (port.HostPort < 1025)
            {
                add("5.8", pp, $"{name} maps the privileged host port {port.HostPort}");
            }

            if (port.HostIP is null or "" or "0.0.0.0" or "::")
            {
                add("5.14", pp, $"{name} binds host port {port.HostPort} on every host interface (set hostIP)");
            }
        }

        for (var m = 0; m < (c.VolumeMounts?.Count ?? 0); m++)
        {
            if (c.VolumeMounts![m].MountPropagation == "Bidirectional")
            {
                add("5.20", $"{at}/volumeMounts/{m}/mountPropagation", $"{name} mounts \"{c.VolumeMounts[m].Name}\" with shared (Bidirectional) propagation");
            }
        }

        if (!isInit && longRunning && c.LivenessProbe is null && c.ReadinessProbe is null)
        {
            add("5.27", at, $"{name} has no liveness or readiness probe");
        }

        if (c.Image is { } image && !image.Contains('@', StringComparison.Ordinal))
        {
            add("5.28", at + "/image", $"{name} uses {image} by tag, not by digest: what runs can change under the same name");
        }
    }
}

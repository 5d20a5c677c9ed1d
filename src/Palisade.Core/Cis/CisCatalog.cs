namespace Palisade.Core.Cis;

/// <summary>The CIS Docker Benchmark v1.6.0 checks of sections 4 and 5 that make sense without a Docker daemon.</summary>
public static class CisCatalog
{
    public const string BenchmarkUri = "https://www.cisecurity.org/benchmark/docker";

    public static IReadOnlyList<CisCheck> All { get; } =
    [
        new("4.1", "Ensure that a user for the container has been created", CisScope.Image, Fails: true),
        new("4.6", "Ensure that HEALTHCHECK instructions have been added to container images (or Kubernetes probes)", CisScope.Image, Fails: false),
        new("4.7", "Ensure update instructions are not used alone in Dockerfiles", CisScope.Image, Fails: false),
        new("4.8", "Ensure setuid and setgid permissions are removed", CisScope.Image, Fails: true,
            "runsc honours setuid binaries inside the sandbox, but privilege gained there stays in gVisor's kernel; Palisade's bundles strip the bits anyway"),
        new("4.9", "Ensure that COPY is used instead of ADD in Dockerfiles", CisScope.Image, Fails: false),
        new("4.10", "Ensure secrets are not stored in Dockerfiles", CisScope.Image, Fails: true),
        new("5.2", "Ensure that, if applicable, an AppArmor profile is enabled", CisScope.Pod, Fails: true,
            "under runsc an AppArmor profile confines the sandbox process (the Sentry), not the application inside it"),
        new("5.3", "Ensure that, if applicable, SELinux security options are set", CisScope.Pod, Fails: true,
            "runsc with CRI-O needs SELinux labelling off for the sandbox; custom options do not reach the application"),
        new("5.4", "Ensure that Linux kernel capabilities are restricted within containers", CisScope.Pod, Fails: true,
            "runsc enforces capabilities in its own kernel: an added capability reaches gVisor's kernel, not the host's"),
        new("5.5", "Ensure that privileged containers are not used", CisScope.Pod, Fails: true),
        new("5.6", "Ensure sensitive host system directories are not mounted on containers", CisScope.Pod, Fails: true),
        new("5.7", "Ensure sshd is not run within containers", CisScope.Image, Fails: true),
        new("5.8", "Ensure privileged ports are not mapped within containers", CisScope.Pod, Fails: true),
        new("5.9", "Ensure that only needed ports are open on the container", CisScope.Pod, Fails: false),
        new("5.10", "Ensure that the host's network namespace is not shared", CisScope.Pod, Fails: true,
            "runsc with host networking uses the host stack through its netstack bypass: the sandbox's network isolation is gone"),
        new("5.11", "Ensure that the memory usage for containers is limited", CisScope.Pod, Fails: true,
            "runsc accounts memory for the whole sandbox; gVisor issues report usage above the limit and OOM kills not shown as OOMKilled"),
        new("5.12", "Ensure that CPU priority is set appropriately on containers", CisScope.Pod, Fails: true),
        new("5.13", "Ensure that the container's root filesystem is mounted as read only", CisScope.Pod, Fails: true),
        new("5.14", "Ensure that incoming container traffic is bound to a specific host interface", CisScope.Pod, Fails: true),
        new("5.16", "Ensure that the host's process namespace is not shared", CisScope.Pod, Fails: true,
            "runsc does not support a shared host PID namespace"),
        new("5.17", "Ensure that the host's IPC namespace is not shared", CisScope.Pod, Fails: true,
            "runsc does not support a shared host IPC namespace"),
        new("5.18", "Ensure that host devices are not directly exposed to containers", CisScope.Pod, Fails: false),
        new("5.20", "Ensure that the mount propagation mode is not set to shared", CisScope.Pod, Fails: true,
            "gVisor does not implement shared (rshared) mount propagation at all"),
        new("5.22", "Ensure the default seccomp profile is not disabled", CisScope.Pod, Fails: true,
            "runsc ignores the OCI seccomp profile unless started with --oci-seccomp; its own syscall filter always applies to the Sentry"),
        new("5.26", "Ensure that the container is restricted from acquiring additional privileges", CisScope.Pod, Fails: true),
        new("5.27", "Ensure that container health is checked at runtime", CisScope.Pod, Fails: false),
        new("5.28", "Ensure that the image is pinned: a digest, not a mutable tag such as latest", CisScope.Pod, Fails: false),
        new("5.29", "Ensure that the PIDs cgroup limit is used", CisScope.Pod, Fails: false,
            "a pod spec cannot set a PID limit (the kubelet's podPidsLimit does); Palisade's canary bundles set one"),
        new("5.31", "Ensure that the host's user namespaces are not shared", CisScope.Pod, Fails: false),
        new("5.32", "Ensure that the Docker socket (or containerd / CRI-O socket) is not mounted inside any containers", CisScope.Pod, Fails: true),
    ];

    public static CisCheck Get(string id) => All.First(c => c.Id == id);

    public static bool Contains(string id) => All.Any(c => c.Id == id);
}

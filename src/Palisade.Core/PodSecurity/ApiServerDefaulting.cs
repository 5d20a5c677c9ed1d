using k8s.Models;

namespace Palisade.Core.PodSecurity;

/// <summary>
/// The part of the API server's decode-time defaulting that changes Pod Security decisions or messages, so a raw
/// manifest evaluates as upstream PSA would see it after creation.
/// </summary>
/// <remarks>
/// Deliberately NOT reproduced: the pod strategy's create-time sync of the deprecated seccomp and AppArmor
/// annotations into the securityContext fields. It applies only to Pod objects (not templates), it varies across
/// Kubernetes releases, and the conformance fixtures expect raw manifests to be evaluated exactly as written. So a pod
/// whose only seccomp setting is the annotation <c>unconfined</c> is allowed here at baseline v1.19+, although a real
/// server that syncs the annotation would deny it.
/// </remarks>
public static class ApiServerDefaulting
{
    /// <summary>
    /// Applies the defaulting in place. Volumes are defaulted wherever they appear; a host-network pod's hostPorts are
    /// filled from the containerPorts only for a <see cref="PodSpecOwner.Pod"/> (<c>SetDefaults_Pod</c>), never for a
    /// pod template (the gate that once did that for templates is gone since Kubernetes 1.31).
    /// </summary>
    public static void Apply(V1PodSpec spec, PodSpecOwner owner)
    {
        ArgumentNullException.ThrowIfNull(spec);

        if (spec.Volumes is { } volumes)
        {
            foreach (var volume in volumes)
            {
                if (volume is not null && HasNoSource(volume))
                {
                    volume.EmptyDir = new V1EmptyDirVolumeSource();
                }
            }
        }

        if (owner == PodSpecOwner.Pod && spec.HostNetwork == true)
        {
            DefaultHostNetworkPorts(spec.Containers);
            DefaultHostNetworkPorts(spec.InitContainers);
        }
    }

    // Ephemeral containers are left alone, as upstream does: validation forbids ports on them.
    private static void DefaultHostNetworkPorts(IList<V1Container>? containers)
    {
        if (containers is null)
        {
            return;
        }

        foreach (var container in containers)
        {
            if (container?.Ports is not { } ports)
            {
                continue;
            }

            foreach (var port in ports)
            {
                if (port is not null && (port.HostPort is null || port.HostPort == 0))
                {
                    port.HostPort = port.ContainerPort;
                }
            }
        }
    }

    private static bool HasNoSource(V1Volume v) =>
        v.AwsElasticBlockStore is null && v.AzureDisk is null && v.AzureFile is null && v.Cephfs is null
        && v.Cinder is null && v.ConfigMap is null && v.Csi is null && v.DownwardAPI is null && v.EmptyDir is null
        && v.Ephemeral is null && v.Fc is null && v.FlexVolume is null && v.Flocker is null
        && v.GcePersistentDisk is null && v.GitRepo is null && v.Glusterfs is null && v.HostPath is null
        && v.Image is null && v.Iscsi is null && v.Nfs is null && v.PersistentVolumeClaim is null
        && v.PhotonPersistentDisk is null && v.PortworxVolume is null && v.Projected is null && v.Quobyte is null
        && v.Rbd is null && v.ScaleIO is null && v.Secret is null && v.Storageos is null && v.VsphereVolume is null;
}

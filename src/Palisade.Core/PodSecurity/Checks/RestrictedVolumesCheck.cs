using System.Globalization;
using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>restricted restrictedVolumes: only ephemeral, projected-style and claim volume sources.</summary>
internal static class RestrictedVolumesCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        var volumes = spec.Volumes;
        if (volumes is null)
        {
            return null;
        }

        List<string>? names = null;
        List<string>? types = null;
        List<string>? paths = null;
        for (var i = 0; i < volumes.Count; i++)
        {
            var volume = volumes[i];
            if (volume is null || IsAllowed(volume))
            {
                continue;
            }

            var type = RestrictedType(volume);
            (names ??= []).Add(volume.Name ?? string.Empty);
            (types ??= []).Add(type);
            var suffix = type == "unknown" ? string.Empty : "/" + type;
            (paths ??= []).Add(string.Create(CultureInfo.InvariantCulture, $"/spec/volumes/{i}{suffix}"));
        }

        if (names is null)
        {
            return null;
        }

        var distinct = MessageText.SortedDistinct(types!);
        var detail = MessageText.Volumes(names) + " " + MessageText.Pluralize("uses", "use", names.Count) + " "
            + MessageText.Pluralize("restricted volume type", "restricted volume types", distinct.Count) + " "
            + MessageText.JoinQuote(distinct);
        return new CheckViolation(checkId, "restricted volume types", detail, paths!);
    }

    private static bool IsAllowed(V1Volume v) =>
        v.ConfigMap is not null || v.Csi is not null || v.DownwardAPI is not null || v.EmptyDir is not null
        || v.Ephemeral is not null || v.Image is not null || v.PersistentVolumeClaim is not null
        || v.Projected is not null || v.Secret is not null;

    /// <summary>The first restricted source in upstream's order; the names are also the JSON field names.</summary>
    private static string RestrictedType(V1Volume v) => v switch
    {
        { HostPath: not null } => "hostPath",
        { GcePersistentDisk: not null } => "gcePersistentDisk",
        { AwsElasticBlockStore: not null } => "awsElasticBlockStore",
        { GitRepo: not null } => "gitRepo",
        { Nfs: not null } => "nfs",
        { Iscsi: not null } => "iscsi",
        { Glusterfs: not null } => "glusterfs",
        { Rbd: not null } => "rbd",
        { FlexVolume: not null } => "flexVolume",
        { Cinder: not null } => "cinder",
        { Cephfs: not null } => "cephfs",
        { Flocker: not null } => "flocker",
        { Fc: not null } => "fc",
        { AzureFile: not null } => "azureFile",
        { VsphereVolume: not null } => "vsphereVolume",
        { Quobyte: not null } => "quobyte",
        { AzureDisk: not null } => "azureDisk",
        { PhotonPersistentDisk: not null } => "photonPersistentDisk",
        { PortworxVolume: not null } => "portworxVolume",
        { ScaleIO: not null } => "scaleIO",
        { Storageos: not null } => "storageos",
        _ => "unknown",
    };
}

using System.Globalization;
using k8s.Models;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>baseline hostPathVolumes: no volume may use hostPath.</summary>
internal static class HostPathVolumesCheck
{
    public static CheckViolation? Evaluate(string checkId, V1ObjectMeta? metadata, V1PodSpec spec)
    {
        var volumes = spec.Volumes;
        if (volumes is null)
        {
            return null;
        }

        List<string>? names = null;
        List<string>? paths = null;
        for (var i = 0; i < volumes.Count; i++)
        {
            if (volumes[i]?.HostPath is not null)
            {
                (names ??= []).Add(volumes[i].Name ?? string.Empty);
                (paths ??= []).Add(string.Create(CultureInfo.InvariantCulture, $"/spec/volumes/{i}/hostPath"));
            }
        }

        return names is null ? null : new CheckViolation(checkId, "hostPath volumes", MessageText.Volumes(names), paths!);
    }
}

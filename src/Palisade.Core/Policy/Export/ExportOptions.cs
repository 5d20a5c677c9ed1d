namespace Palisade.Core.Policy.Export;

/// <summary>What to export and for which versions.</summary>
/// <param name="Target">The engine.</param>
/// <param name="KubernetesMinor">The cluster's Kubernetes minor version (1.N): picks the admissionregistration API version.</param>
/// <param name="KyvernoMinor">Kyverno's minor version (1.N): picks CEL policies or ClusterPolicy.</param>
public sealed record ExportOptions(ExportTarget Target, int KubernetesMinor = ExportOptions.DefaultKubernetesMinor, int KyvernoMinor = ExportOptions.DefaultKyvernoMinor)
{
    public const int DefaultKubernetesMinor = 36;
    public const int DefaultKyvernoMinor = 19;
}

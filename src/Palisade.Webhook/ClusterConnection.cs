using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;

namespace Palisade.Webhook;

/// <summary>
/// How <c>serve</c> reaches the cluster for namespace labels: kubeconfig files (the current context of their merge,
/// as kubectl reads <c>KUBECONFIG</c>), or the pod's own service account when running in a cluster.
/// </summary>
internal static class ClusterConnection
{
    /// <summary>The client configuration of <paramref name="paths"/>; a bad or missing file is a start error naming it.</summary>
    public static KubernetesClientConfiguration FromKubeconfig(IReadOnlyList<string> paths)
    {
        var named = string.Join(", ", paths);
        var missing = paths.FirstOrDefault(p => !File.Exists(p));
        if (missing is not null)
        {
            throw new WebhookStartException($"{missing}: kubeconfig not found");
        }

        try
        {
            return KubernetesClientConfiguration.BuildConfigFromConfigObject(Merge([.. paths.Select(p => KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(p)))]));
        }
        catch (Exception e) when (e is KubeConfigException or YamlDotNet.Core.YamlException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            throw new WebhookStartException($"{named}: not a usable kubeconfig: {OneLine(e)}");
        }
    }

    public static KubernetesClientConfiguration InCluster()
    {
        try
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
        {
            throw new WebhookStartException($"in-cluster configuration: {OneLine(e)}");
        }
    }

    /// <summary>kubectl's merge of a KUBECONFIG list: the first file naming a context, cluster or user wins.</summary>
    private static K8SConfiguration Merge(IReadOnlyList<K8SConfiguration> files)
    {
        if (files.Count == 1)
        {
            return files[0];
        }

        return new K8SConfiguration
        {
            FileName = files[0].FileName,
            CurrentContext = files.Select(f => f.CurrentContext).FirstOrDefault(c => !string.IsNullOrEmpty(c)),
            Clusters = [.. files.SelectMany(f => f.Clusters ?? []).DistinctBy(c => c.Name, StringComparer.Ordinal)],
            Contexts = [.. files.SelectMany(f => f.Contexts ?? []).DistinctBy(c => c.Name, StringComparer.Ordinal)],
            Users = [.. files.SelectMany(f => f.Users ?? []).DistinctBy(u => u.Name, StringComparer.Ordinal)],
        };
    }

    private static string OneLine(Exception e) => (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ");
}

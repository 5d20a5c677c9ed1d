using System.Net;

namespace Palisade.Webhook;

/// <summary>How <see cref="WebhookServer"/> runs: TLS files, the policy, where namespace labels come from, the address.</summary>
public sealed record WebhookOptions
{
    public const long MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>PEM certificate (chain) to serve; reloaded when it changes.</summary>
    public required string CertificatePath { get; init; }

    /// <summary>PEM private key of the certificate; reloaded with it.</summary>
    public required string KeyPath { get; init; }

    /// <summary>A RuntimePolicy file, watched and hot-reloaded; null for the built-in default policy.</summary>
    public string? PolicyPath { get; init; }

    /// <summary>Namespace manifests giving namespace labels (outside a cluster); null for none.</summary>
    public string? NamespacesPath { get; init; }

    /// <summary>Watch the cluster's namespaces for their labels (in-cluster configuration).</summary>
    public bool WatchClusterNamespaces { get; init; }

    /// <summary>
    /// Kubeconfig files, merged as kubectl merges <c>KUBECONFIG</c>: namespace labels are listed and watched from the
    /// cluster of their current context. Empty for none; takes precedence over <see cref="WatchClusterNamespaces"/>.
    /// </summary>
    public IReadOnlyList<string> KubeconfigPaths { get; init; } = [];

    /// <summary>Where to listen; port 0 picks a free port (see <see cref="WebhookServer.Address"/>).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Any, 8443);

    /// <summary>How often the certificate and policy files are re-read in case a change notification was missed.</summary>
    public TimeSpan ReloadPollInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Log one line per admission decision (at Information).</summary>
    public bool LogDecisions { get; init; } = true;
}

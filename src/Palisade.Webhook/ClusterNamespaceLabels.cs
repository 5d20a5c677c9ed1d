using System.Collections.Frozen;
using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Palisade.Core.Admission;

namespace Palisade.Webhook;

/// <summary>
/// Namespace labels from the cluster: a list, then a watch from its resourceVersion, kept in memory so admission
/// never calls the API server. On any failure it lists again after a pause. Ready once the first list arrived.
/// </summary>
internal sealed class ClusterNamespaceLabels : INamespaceLabelSource, IDisposable
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = FrozenDictionary<string, string>.Empty;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly Kubernetes client;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> byName = new(StringComparer.Ordinal);
    private readonly Task loop;
    private volatile bool synced;

    public ClusterNamespaceLabels(KubernetesClientConfiguration configuration, ILogger logger)
    {
        this.logger = logger;
        Server = configuration.Host;
        client = new Kubernetes(configuration);
        loop = Task.Run(RunAsync);
    }

    /// <summary>The API server's address.</summary>
    public string Server { get; }

    public bool IsSynced => synced;

    public IReadOnlyDictionary<string, string> LabelsOf(string? namespaceName) =>
        namespaceName is not null && byName.TryGetValue(namespaceName, out var labels) ? labels : NoLabels;

    public void Dispose()
    {
        stop.Cancel();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; nothing to report on shutdown.
        }

        client.Dispose();
        stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var list = await client.CoreV1.ListNamespaceAsync(cancellationToken: stop.Token).ConfigureAwait(false);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var ns in list.Items)
                {
                    Store(ns);
                    seen.Add(ns.Metadata.Name);
                }

                foreach (var gone in byName.Keys.Where(k => !seen.Contains(k)))
                {
                    byName.TryRemove(gone, out _);
                }

                synced = true;
                WebhookLog.NamespacesSynced(logger, byName.Count);
                await foreach (var (type, ns) in client.CoreV1.WatchListNamespaceAsync(resourceVersion: list.Metadata.ResourceVersion, allowWatchBookmarks: true, cancellationToken: stop.Token).ConfigureAwait(false))
                {
                    switch (type)
                    {
                        case WatchEventType.Added or WatchEventType.Modified:
                            Store(ns);
                            break;
                        case WatchEventType.Deleted:
                            byName.TryRemove(ns.Metadata.Name, out _);
                            break;
                        default:
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Any failure of the watch (network, expired resourceVersion, API errors) means: list again later.
            catch (Exception e)
#pragma warning restore CA1031
            {
                WebhookLog.NamespaceWatchFailed(logger, RetryDelay, e.Message.ReplaceLineEndings(" "));
                try
                {
                    await Task.Delay(RetryDelay, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Store(V1Namespace ns)
    {
        if (ns.Metadata?.Name is { } name)
        {
            byName[name] = ns.Metadata.Labels is { } labels ? labels.ToFrozenDictionary(StringComparer.Ordinal) : NoLabels;
        }
    }
}

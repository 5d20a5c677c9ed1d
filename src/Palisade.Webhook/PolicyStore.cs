using Microsoft.Extensions.Logging;
using Palisade.Core.Admission;
using Palisade.Core.Policy;

namespace Palisade.Webhook;

/// <summary>
/// The handler for the policy in force. The policy file is watched; a valid new file replaces the handler at once
/// (requests in flight finish with the old one), an invalid one is logged with every problem and counted, and the last
/// good policy stays in force.
/// </summary>
internal sealed class PolicyStore : IDisposable
{
    private readonly string? path;
    private readonly INamespaceLabelSource namespaces;
    private readonly WebhookMetrics metrics;
    private readonly ILogger logger;
    private readonly FileChangeWatcher? watcher;
    private volatile AdmissionReviewHandler current;

    public PolicyStore(string? path, INamespaceLabelSource namespaces, WebhookMetrics metrics, ILogger logger, TimeSpan poll, TimeProvider time)
    {
        this.path = path;
        this.namespaces = namespaces;
        this.metrics = metrics;
        this.logger = logger;
        RuntimePolicy policy;
        try
        {
            policy = path is null ? RuntimePolicyLoader.Default : RuntimePolicyLoader.Load(path);
        }
        catch (RuntimePolicyException e)
        {
            throw new WebhookStartException(e.Message);
        }

        current = new AdmissionReviewHandler(policy, namespaces);
        WebhookLog.PolicyLoaded(logger, policy.Source, policy.Tiers.Count);
        if (path is not null)
        {
            watcher = new FileChangeWatcher([path], poll, time, Reload);
        }
    }

    public AdmissionReviewHandler Current => current;

    public void Dispose() => watcher?.Dispose();

    private void Reload()
    {
        try
        {
            var policy = RuntimePolicyLoader.Load(path!);
            current = new AdmissionReviewHandler(policy, namespaces);
            metrics.PolicyReload(success: true);
            WebhookLog.PolicyLoaded(logger, policy.Source, policy.Tiers.Count);
        }
        catch (RuntimePolicyException e)
        {
            metrics.PolicyReload(success: false);
            var problems = string.Join(" | ", e.Problems.Select(p => p.Line > 0 ? $"{p.Source}:{p.Line}:{p.Column}: {p.Message}" : $"{p.Source}: {p.Message}"));
            WebhookLog.PolicyRejected(logger, path!, e.Problems.Count, problems);
        }
    }
}

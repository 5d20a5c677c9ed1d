using System.Collections.Concurrent;
using Prometheus;

namespace Palisade.Webhook;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own (several servers can run in one process, as in tests).
/// Labelled children are cached by their label values so the hot path does one lock-free lookup and no allocation.
/// </summary>
internal sealed class WebhookMetrics
{
    private readonly Counter requests;
    private readonly Histogram duration;
    private readonly Counter errors;
    private readonly Counter policyReloads;
    private readonly Gauge policyStale;
    private readonly Counter certificateReloads;
    private readonly ConcurrentDictionary<(string, string, string, string, string), Counter.Child> requestChildren = new();
    private readonly Histogram.Child mutateDuration;
    private readonly Histogram.Child validateDuration;

    public WebhookMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        requests = factory.CreateCounter(
            "palisade_admission_requests_total",
            "Admission reviews answered, by webhook operation (mutate, validate), object kind, decision (allowed, patched, warned, denied), tier and runtime class.",
            new CounterConfiguration { LabelNames = ["operation", "kind", "decision", "tier", "runtime_class"] });
        duration = factory.CreateHistogram(
            "palisade_admission_duration_seconds",
            "Time from the request body being read to the response being written, by webhook operation.",
            new HistogramConfiguration { LabelNames = ["operation"], Buckets = Histogram.ExponentialBuckets(0.00005, 2, 16) });
        errors = factory.CreateCounter(
            "palisade_admission_errors_total",
            "Requests answered without a normal decision, by operation and reason (bad_request, too_large, evaluation_failed).",
            new CounterConfiguration { LabelNames = ["operation", "reason"] });
        policyReloads = factory.CreateCounter(
            "palisade_policy_reloads_total",
            "Policy file reloads, by result (success, failure); a failure keeps the last good policy.",
            new CounterConfiguration { LabelNames = ["result"] });
        policyStale = factory.CreateGauge(
            "palisade_policy_reload_failing",
            "1 while the policy file on disk is invalid and the last good policy is still enforced, else 0.");
        certificateReloads = factory.CreateCounter(
            "palisade_certificate_reloads_total",
            "Serving certificate reloads, by result (success, failure); a failure keeps the certificate in use.",
            new CounterConfiguration { LabelNames = ["result"] });
        mutateDuration = duration.WithLabels("mutate");
        validateDuration = duration.WithLabels("validate");
        policyReloads.WithLabels("success");
        policyReloads.WithLabels("failure");
        certificateReloads.WithLabels("success");
        certificateReloads.WithLabels("failure");
    }

    public CollectorRegistry Registry { get; }

    public void Request(string operation, string kind, string decision, string tier, string runtimeClass, double seconds)
    {
        requestChildren.GetOrAdd((operation, kind, decision, tier, runtimeClass), static (key, counter) => counter.WithLabels(key.Item1, key.Item2, key.Item3, key.Item4, key.Item5), requests).Inc();
        (operation == "mutate" ? mutateDuration : validateDuration).Observe(seconds);
    }

    public void Error(string operation, string reason) => errors.WithLabels(operation, reason).Inc();

    public void PolicyReload(bool success)
    {
        policyReloads.WithLabels(success ? "success" : "failure").Inc();
        policyStale.Set(success ? 0 : 1);
    }

    public void CertificateReload(bool success) => certificateReloads.WithLabels(success ? "success" : "failure").Inc();
}

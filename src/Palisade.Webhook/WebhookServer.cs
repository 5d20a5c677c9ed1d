using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Palisade.Core.Admission;
using Palisade.Core.Manifests;
using Prometheus;

namespace Palisade.Webhook;

/// <summary>
/// The admission webhook: Kestrel over HTTPS with <c>/mutate</c>, <c>/validate</c>, <c>/healthz</c>, <c>/readyz</c>
/// and <c>/metrics</c>. Certificate and policy files are reloaded when they change; a bad new file keeps the old one.
/// </summary>
public sealed class WebhookServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly IDisposable[] owned;

    private WebhookServer(WebApplication app, Uri address, IDisposable[] owned)
    {
        this.app = app;
        Address = address;
        this.owned = owned;
    }

    /// <summary>The address the server listens on, with the real port when port 0 was asked for.</summary>
    public Uri Address { get; }

    /// <summary>
    /// Loads the certificate, policy and namespace labels (a <see cref="WebhookStartException"/> names a bad file)
    /// and starts listening.
    /// </summary>
    public static async Task<WebhookServer> StartAsync(WebhookOptions options, Action<ILoggingBuilder>? logging = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        var loggers = LoggerFactory.Create(b =>
        {
            logging?.Invoke(b);

            // ASP.NET Core starts an Activity and a logging scope for every request as soon as this category is on at
            // any level, only to log request start and end at Information: a few microseconds per admission for lines
            // that are never written (the decision line says what happened).
            b.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        });
        builder.Services.AddSingleton(loggers);
        var logger = loggers.CreateLogger("Palisade.Webhook");

        var owned = new List<IDisposable> { loggers };
        try
        {
            var metrics = new WebhookMetrics();
            var certificates = CertificateStore.Load(options.CertificatePath, options.KeyPath);
            owned.Add(certificates);
            owned.Add(new FileChangeWatcher([options.CertificatePath, options.KeyPath], options.ReloadPollInterval, time, () => ReloadCertificate(certificates, metrics, logger)));
            var (namespaces, namespaceOrigin) = NamespaceSource(options, logger);
            if (namespaces is IDisposable disposable)
            {
                owned.Add(disposable);
            }

            var policies = new PolicyStore(options.PolicyPath, namespaces, metrics, logger, options.ReloadPollInterval, time);
            owned.Add(policies);
            var admission = new AdmissionHttpHandler(policies, metrics, logger, options.LogDecisions);

            builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = WebhookOptions.MaxBodyBytes;
                kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
                kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(5));
                kestrel.Listen(options.Listen, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(https =>
                    {
                        https.HandshakeTimeout = TimeSpan.FromSeconds(5);
                        https.ServerCertificateSelector = (_, _) => certificates.Current;
                    });
                });
            });

            var app = builder.Build();
            app.Run(context => Route(context, admission, metrics, namespaces));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var address = new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal));
            WebhookLog.Listening(logger, bound.Replace("https://", "", StringComparison.Ordinal), policies.Current.Policy.Source, namespaceOrigin);
            return new WebhookServer(app, address, [.. owned]);
        }
        catch
        {
            foreach (var item in owned)
            {
                item.Dispose();
            }

            throw;
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires (Ctrl+C, SIGTERM), then stops gracefully.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        foreach (var item in owned.Reverse())
        {
            item.Dispose();
        }
    }

    private static Task Route(HttpContext context, AdmissionHttpHandler admission, WebhookMetrics metrics, INamespaceLabelSource namespaces)
    {
        switch (context.Request.Path.Value)
        {
            case "/mutate":
                return admission.HandleAsync(context, AdmissionEndpoint.Mutate);
            case "/validate":
                return admission.HandleAsync(context, AdmissionEndpoint.Validate);
            case "/healthz":
                return Text(context, StatusCodes.Status200OK, "ok");
            case "/readyz":
                return namespaces is ClusterNamespaceLabels { IsSynced: false }
                    ? Text(context, StatusCodes.Status503ServiceUnavailable, "namespace labels not synced yet")
                    : Text(context, StatusCodes.Status200OK, "ready");
            case "/metrics":
                context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                return metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
            default:
                return Text(context, StatusCodes.Status404NotFound, "not found: palisade serves /mutate, /validate, /healthz, /readyz and /metrics");
        }
    }

    private static Task Text(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }

    private static void ReloadCertificate(CertificateStore certificates, WebhookMetrics metrics, ILogger logger)
    {
        if (certificates.Reload() is { } error)
        {
            metrics.CertificateReload(success: false);
            WebhookLog.CertificateRejected(logger, error);
            return;
        }

        metrics.CertificateReload(success: true);
        WebhookLog.CertificateLoaded(logger, certificates.Current.Subject, certificates.Current.NotAfter.ToUniversalTime());
    }

    private static (INamespaceLabelSource Source, string Origin) NamespaceSource(WebhookOptions options, ILogger logger)
    {
        if (options.NamespacesPath is { } path)
        {
            var labels = NamespaceLabels.FromManifests(ManifestLoader.Load([path]), out var problems);
            if (problems.Count > 0)
            {
                throw new WebhookStartException(problems[0] + (problems.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {problems.Count - 1} more problems)") : ""));
            }

            return (labels, string.Create(CultureInfo.InvariantCulture, $"{path} ({labels.Count} namespaces)"));
        }

        if (options.KubeconfigPaths.Count > 0)
        {
            var cluster = new ClusterNamespaceLabels(ClusterConnection.FromKubeconfig(options.KubeconfigPaths), logger);
            return (cluster, $"the cluster at {cluster.Server} (kubeconfig {string.Join(", ", options.KubeconfigPaths)}; list + watch)");
        }

        return options.WatchClusterNamespaces
            ? (new ClusterNamespaceLabels(ClusterConnection.InCluster(), logger), "the cluster (in-cluster configuration; list + watch)")
            : (NamespaceLabels.Empty, "nowhere (no namespace labels)");
    }
}

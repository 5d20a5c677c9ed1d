using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Palisade.Sandbox.Runtimes;
using Palisade.Webhook;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade serve</c>: the admission webhook over HTTPS.</summary>
internal static class ServeCommand
{
    public const string Examples = """
        Serves POST /mutate and POST /validate (admission.k8s.io/v1 AdmissionReview), GET /healthz, /readyz and /metrics
        (Prometheus) over HTTPS. The certificate and key (PEM) are re-read when they change on disk (cert-manager
        rotation), and so is --policy; a bad new file is logged and counted, and the last good one stays in force.
        Namespace labels: from --namespaces FILE (Namespace manifests), else from the cluster of --kubeconfig FILE or, without
        it, of the KUBECONFIG files (current context; list + watch of namespaces), else from the cluster when running in a
        pod (KUBERNETES_SERVICE_HOST is set), else none. A cluster needs RBAC get/list/watch on namespaces; /readyz answers
        503 until the first list has arrived.
        One log line per decision on standard output (--format json: one JSON object per line). Stops on Ctrl+C/SIGTERM.

        Exit codes: 0 stopped cleanly, 2 bad input or usage (a certificate, key, policy or namespaces file is wrong),
        3 environment problem (the address is in use or cannot be bound).

        Examples:
          palisade serve --cert /tls/tls.crt --key /tls/tls.key
          palisade serve --policy /etc/palisade/runtime-policy.yaml --cert tls.crt --key tls.key --listen 127.0.0.1:9443
          palisade serve --cert tls.crt --key tls.key --namespaces namespaces.yaml --format text
          palisade serve --cert tls.crt --key tls.key --kubeconfig ~/.kube/config --listen 127.0.0.1:9443
        """;

    public static Command Create(CliConsole console)
    {
        var policy = new Option<FileInfo?>("--policy", "-p") { Description = "RuntimePolicy file, hot-reloaded (default: the built-in policy)." };
        var cert = new Option<FileInfo>("--cert") { Description = "PEM certificate (chain) to serve.", Required = true };
        var key = new Option<FileInfo>("--key") { Description = "PEM private key of the certificate.", Required = true };
        var listen = new Option<string>("--listen")
        {
            Description = "ADDRESS:PORT to listen on.",
            DefaultValueFactory = _ => "0.0.0.0:8443",
        };
        listen.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>() ?? "";
            if (!IPEndPoint.TryParse(text, out var endpoint) || !text.EndsWith(":" + endpoint.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            {
                result.AddError($"--listen: '{text}' must be ADDRESS:PORT, for example 0.0.0.0:8443 or [::]:8443");
            }
        });
        var namespaces = new Option<FileInfo?>("--namespaces") { Description = "Namespace manifests whose labels the policy may match (outside a cluster)." };
        var kubeconfig = new Option<FileInfo?>("--kubeconfig") { Description = "Kubeconfig of the cluster whose namespace labels to watch (default: the KUBECONFIG files, else in-cluster)." };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Log format: json|text.",
            DefaultValueFactory = _ => "json",
        };
        format.AcceptOnlyFromAmong("json", "text");
        var command = new Command("serve", "Run the admission webhook: assigns runtime classes and enforces the runtime policy on every pod, over HTTPS.")
        {
            policy, cert, key, listen, namespaces, kubeconfig, format,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var options = new WebhookOptions
            {
                CertificatePath = parse.GetValue(cert)!.ToString(),
                KeyPath = parse.GetValue(key)!.ToString(),
                PolicyPath = parse.GetValue(policy)?.ToString(),
                NamespacesPath = parse.GetValue(namespaces)?.ToString(),
                KubeconfigPaths = parse.GetValue(namespaces) is null ? KubeconfigPaths(parse.GetValue(kubeconfig)?.ToString(), Environment.GetEnvironmentVariable("KUBECONFIG")) : [],
                WatchClusterNamespaces = parse.GetValue(namespaces) is null && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST")),
                Listen = IPEndPoint.Parse(parse.GetValue(listen)!),
            };
            var json = parse.GetValue(format) == "json";
            WebhookServer server;
            try
            {
                server = await WebhookServer.StartAsync(options, logging => Configure(logging, json), cancellationToken: cancel).ConfigureAwait(false);
            }
            catch (WebhookStartException e)
            {
                throw new UsageException(e.Message);
            }
            catch (IOException e) when (e.InnerException is SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
            {
                throw new EnvironmentProblemException(new EnvironmentProblem(
                    $"cannot listen on {options.Listen}: {e.Message.ReplaceLineEndings(" ").TrimEnd('.')}",
                    string.Create(CultureInfo.InvariantCulture, $"stop what uses port {options.Listen.Port}, or pick another with --listen")));
            }

            await using (server.ConfigureAwait(false))
            {
                await server.WaitForShutdownAsync(cancel).ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync("palisade serve: stopped").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>--kubeconfig, else the KUBECONFIG list (colon-separated, as kubectl reads it), else none.</summary>
    internal static string[] KubeconfigPaths(string? option, string? environment) =>
        option is not null ? [option] : (environment ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);

    private static void Configure(ILoggingBuilder logging, bool json)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // A start failure (port in use) is thrown and reported in one line; the host's own log of it is a stack trace.
        logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (json)
        {
            // Batched writes: one system call per burst of lines, never one per admission.
            logging.AddProvider(new JsonLinesLoggerProvider(new BufferedStream(Console.OpenStandardOutput(), 64 * 1024)));
            return;
        }

        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });

        // A full queue drops log lines rather than slow admissions.
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.QueueFullMode = Microsoft.Extensions.Logging.Console.ConsoleLoggerQueueFullMode.DropWrite);
    }
}

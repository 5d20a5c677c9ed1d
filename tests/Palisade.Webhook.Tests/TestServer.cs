using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Palisade.Webhook.Tests;

/// <summary>
/// A real <see cref="WebhookServer"/> on 127.0.0.1 with a fresh certificate in a temporary folder, and an HTTPS
/// client that trusts exactly the certificates this test made.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly HashSet<string> trusted = [];
    private readonly HttpClient client;

    private TestServer(string dir, WebhookServer server, LogCapture logs, X509Certificate2 certificate)
    {
        Dir = dir;
        Server = server;
        Logs = logs;
        Trust(certificate);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) => IsTrusted(cert),
            },
        };
        client = new HttpClient(handler) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(20) };
    }

    public string Dir { get; }

    public WebhookServer Server { get; }

    public LogCapture Logs { get; }

    public string CertPath => Path.Combine(Dir, "tls.crt");

    public string KeyPath => Path.Combine(Dir, "tls.key");

    public string PolicyPath => Path.Combine(Dir, "runtime-policy.yaml");

    public static async Task<TestServer> StartAsync(string? policyYaml = null, string? namespacesYaml = null, string? kubeconfigYaml = null)
    {
        var dir = Path.Combine(Path.GetTempPath(), "palisade-webhook-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var certificate = TestCertificate.Create("palisade-test-1");
        TestCertificate.Write(certificate, Path.Combine(dir, "tls.crt"), Path.Combine(dir, "tls.key"));
        string? policyPath = null;
        if (policyYaml is not null)
        {
            policyPath = Path.Combine(dir, "runtime-policy.yaml");
            await File.WriteAllTextAsync(policyPath, policyYaml);
        }

        string? namespacesPath = null;
        if (namespacesYaml is not null)
        {
            namespacesPath = Path.Combine(dir, "namespaces.yaml");
            await File.WriteAllTextAsync(namespacesPath, namespacesYaml);
        }

        string[] kubeconfigPaths = [];
        if (kubeconfigYaml is not null)
        {
            kubeconfigPaths = [Path.Combine(dir, "kubeconfig.yaml")];
            await File.WriteAllTextAsync(kubeconfigPaths[0], kubeconfigYaml);
        }

        var logs = new LogCapture();
        var server = await WebhookServer.StartAsync(
            new WebhookOptions
            {
                CertificatePath = Path.Combine(dir, "tls.crt"),
                KeyPath = Path.Combine(dir, "tls.key"),
                PolicyPath = policyPath,
                NamespacesPath = namespacesPath,
                KubeconfigPaths = kubeconfigPaths,
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
                ReloadPollInterval = TimeSpan.FromMilliseconds(250),
            },
            logging => logging.AddProvider(logs));
        return new TestServer(dir, server, logs, certificate);
    }

    public void Trust(X509Certificate2 certificate)
    {
        lock (trusted)
        {
            trusted.Add(certificate.GetCertHashString());
        }
    }

    /// <summary>Only the certificates this test made and trusted; the name check is moot on loopback.</summary>
    public bool IsTrusted(X509Certificate? certificate)
    {
        lock (trusted)
        {
            return certificate is not null && trusted.Contains(certificate.GetCertHashString());
        }
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body) =>
        client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => client.SendAsync(request);

    public Task<string> GetStringAsync(string path) => client.GetStringAsync(path);

    /// <summary>Posts the review and returns its <c>response</c> object.</summary>
    public async Task<JsonObject> ReviewAsync(string path, string review)
    {
        using var response = await PostAsync(path, review);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"HTTP {(int)response.StatusCode}: {text}");
        var json = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("admission.k8s.io/v1", (string?)json["apiVersion"]);
        Assert.Equal("AdmissionReview", (string?)json["kind"]);
        return json["response"]!.AsObject();
    }

    /// <summary>A fresh connection, so the next request does a new TLS handshake.</summary>
    public async Task<string> HandshakeCertificateAsync()
    {
        var seen = "";
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    seen = cert?.GetCertHashString() ?? "";
                    return IsTrusted(cert);
                },
            },
        };
        using var fresh = new HttpClient(handler) { BaseAddress = Server.Address };
        (await fresh.GetAsync("/healthz")).Dispose();
        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }
}

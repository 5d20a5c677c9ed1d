using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Palisade.Webhook.Tests;

/// <summary>
/// A small real HTTP server on 127.0.0.1 that answers the Namespace part of the Kubernetes API as kube-apiserver does:
/// <c>GET /api/v1/namespaces</c> (a NamespaceList with a resourceVersion) and <c>?watch=true</c> (a chunked stream of
/// one JSON watch event per line). Debian packages no kube-apiserver; the wire format is the API's own. The first
/// list is held until <see cref="ReleaseList"/>, so a test can see the webhook before its first list arrived.
/// </summary>
internal sealed class NamespaceApiServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly TaskCompletionSource listReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Channel<string> events = Channel.CreateUnbounded<string>();
    private readonly Dictionary<string, Dictionary<string, string>> namespaces;
    private readonly List<string> requests = [];
    private readonly Task loop;
    private int resourceVersion = 10;

    public NamespaceApiServer(Dictionary<string, Dictionary<string, string>> namespaces)
    {
        this.namespaces = namespaces;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>The requests seen, as <c>METHOD path?query</c>.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>A kubeconfig whose current context points at this server (plain HTTP, a bearer token).</summary>
    public string Kubeconfig => $"""
        apiVersion: v1
        kind: Config
        clusters:
          - name: test
            cluster:
              server: http://127.0.0.1:{Port}
        users:
          - name: palisade
            user:
              token: test-token
        contexts:
          - name: test
            context:
              cluster: test
              user: palisade
        current-context: test
        """;

    public void ReleaseList() => listReleased.TrySetResult();

    /// <summary>Sends one watch event (ADDED, MODIFIED, DELETED) to the open watch.</summary>
    public ValueTask SendAsync(string type, string name, Dictionary<string, string> labels)
    {
        var version = Interlocked.Increment(ref resourceVersion);
        var line = new JsonObject { ["type"] = type, ["object"] = Namespace(name, labels, version) }.ToJsonString();
        return events.Writer.WriteAsync(line);
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        events.Writer.TryComplete();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (ObjectDisposedException)
        {
            // The listener was stopped under a pending accept.
        }

        listener.Close();
        stop.Dispose();
    }

    private static JsonObject Namespace(string name, Dictionary<string, string> labels, int version)
    {
        var labelObject = new JsonObject();
        foreach (var (key, value) in labels)
        {
            labelObject[key] = value;
        }

        return new JsonObject
        {
            ["kind"] = "Namespace",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["resourceVersion"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["labels"] = labelObject,
            },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        lock (requests)
        {
            requests.Add($"{request.HttpMethod} {request.Url!.PathAndQuery}");
        }

        var response = context.Response;
        try
        {
            if (request.HttpMethod != "GET" || request.Url!.AbsolutePath != "/api/v1/namespaces")
            {
                await WriteAsync(response, 404, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");
            }
            else if (request.QueryString["watch"] is "true" or "1")
            {
                response.StatusCode = 200;
                response.ContentType = "application/json";
                response.SendChunked = true;
                await response.OutputStream.FlushAsync(stop.Token);
                await foreach (var line in events.Reader.ReadAllAsync(stop.Token))
                {
                    var bytes = Encoding.UTF8.GetBytes(line + "\n");
                    await response.OutputStream.WriteAsync(bytes, stop.Token);
                    await response.OutputStream.FlushAsync(stop.Token);
                }
            }
            else
            {
                await listReleased.Task.WaitAsync(stop.Token);
                var items = new JsonArray([.. namespaces.Select(n => (JsonNode)Namespace(n.Key, n.Value, resourceVersion))]);
                var list = new JsonObject
                {
                    ["kind"] = "NamespaceList",
                    ["apiVersion"] = "v1",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    ["items"] = items,
                };
                await WriteAsync(response, 200, list.ToJsonString());
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException or IOException)
        {
            // The test ended or the client went away.
        }
        finally
        {
            response.Close();
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace Palisade.Webhook.Tests;

/// <summary>
/// What a user did: <c>palisade serve --kubeconfig FILE</c> outside the cluster, then a pod in a namespace labelled
/// <c>palisade.dev/trust: untrusted</c>. The labels come through a list + watch from the kubeconfig's cluster (a real
/// HTTP server speaking the Namespace API, see <see cref="NamespaceApiServer"/>).
/// </summary>
public sealed class KubeconfigNamespaceLabelsTests
{
    private static readonly Dictionary<string, string> Untrusted = new() { ["palisade.dev/trust"] = "untrusted" };

    [Fact]
    public async Task Serve_Kubeconfig_NotReadyUntilFirstListThenAssignsTierFromNamespaceLabels()
    {
        await using var api = new NamespaceApiServer(new()
        {
            ["sandboxed"] = Untrusted,
            ["team-a"] = new() { ["team"] = "a" },
        });
        await using var server = await TestServer.StartAsync(kubeconfigYaml: api.Kubeconfig);

        using (var notYet = await server.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notYet.StatusCode);
        }

        api.ReleaseList();
        await Eventually(async () => (await server.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz"))).StatusCode == HttpStatusCode.OK);

        var response = await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("job", ns: "sandboxed")));
        Assert.Equal("untrusted", (string?)response["auditAnnotations"]!["tier"]);
        Assert.Contains("\"value\":\"gvisor\"", Patch(response), StringComparison.Ordinal);
        Assert.Equal("trusted", (string?)(await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("web"))))["auditAnnotations"]!["tier"]);
        Assert.Equal("GET /api/v1/namespaces?watch=false", api.Requests[0]);
    }

    [Fact]
    public async Task Serve_Kubeconfig_WatchEventRelabelsNamespaceWithoutRestart()
    {
        await using var api = new NamespaceApiServer(new() { ["team-a"] = new() { ["team"] = "a" } });
        api.ReleaseList();
        await using var server = await TestServer.StartAsync(kubeconfigYaml: api.Kubeconfig);
        await Eventually(async () => (await server.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/readyz"))).StatusCode == HttpStatusCode.OK);
        Assert.Equal("trusted", (string?)(await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("web"))))["auditAnnotations"]!["tier"]);
        await Eventually(() => Task.FromResult(api.Requests.Any(r => r.Contains("watch=true", StringComparison.Ordinal) && r.Contains("resourceVersion=10", StringComparison.Ordinal))));

        await api.SendAsync("MODIFIED", "team-a", Untrusted);

        await Eventually(async () => (string?)(await server.ReviewAsync("/mutate", Reviews.Review(Reviews.Pod("web"))))["auditAnnotations"]!["tier"] == "untrusted");
    }

    [Fact]
    public void FromKubeconfig_MissingFile_FailsNamingTheFile()
    {
        var missing = Path.Combine(Path.GetTempPath(), "palisade-no-such-" + Guid.NewGuid().ToString("N"), "kubeconfig");

        var error = Assert.Throws<WebhookStartException>(() => ClusterConnection.FromKubeconfig([missing]));

        Assert.Equal($"{missing}: kubeconfig not found", error.Message);
    }

    [Fact]
    public void FromKubeconfig_NoCurrentContext_FailsNamingTheFile()
    {
        var file = Path.Combine(Path.GetTempPath(), "palisade-kubeconfig-" + Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(file, "apiVersion: v1\nkind: Config\nclusters: []\n");
        try
        {
            var error = Assert.Throws<WebhookStartException>(() => ClusterConnection.FromKubeconfig([file]));

            Assert.StartsWith($"{file}: not a usable kubeconfig: ", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Patch(JsonObject response) =>
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)response["patch"]!));

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "condition not met within 20 s");
            await Task.Delay(50);
        }
    }
}

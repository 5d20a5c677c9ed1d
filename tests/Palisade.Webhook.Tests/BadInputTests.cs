using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Palisade.Webhook.Tests;

/// <summary>What the server answers to input that is not a good AdmissionReview: never a 500, never a hang.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Theory]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": ", "malformed AdmissionReview")]
    [InlineData("not json", "malformed AdmissionReview")]
    [InlineData("", "empty request body")]
    [InlineData("[1, 2]", "malformed AdmissionReview")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1beta1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": \"1\"}}", "palisade speaks admission.k8s.io/v1")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\"}", "has no request")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"operation\": \"CREATE\"}}", "has no uid")]
    [InlineData("{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": \"AdmissionReview\", \"request\": {\"uid\": 5}}", "malformed AdmissionReview")]
    public async Task Mutate_MalformedOrNonV1Review_BadRequestWithMessage(string body, string expected)
    {
        using var response = await server.PostAsync("/mutate", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Single(text.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Mutate_MalformedJson_MessageGivesLineAndColumn()
    {
        using var response = await server.PostAsync("/mutate", "{\n  \"apiVersion\": \"admission.k8s.io/v1\",\n  \"kind\": AdmissionReview\n}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("(line 3, column 11)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ContentLengthOverThreeMiB_RefusedBeforeTheBodyIsSent()
    {
        // The client announces the length and sends no body: the server must answer from the header alone. (Sending
        // the 3 MiB as well races the server's early answer and close, which the client sees as a broken pipe.)
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Server.Address.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, cert, _, _) => server.IsTrusted(cert));
        await tls.AuthenticateAsClientAsync("localhost");
        var head = $"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {(3 * 1024 * 1024) + 1}\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        await tls.FlushAsync();

        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        while (!answer.ToString().Contains("3 MiB", StringComparison.Ordinal) && (read = await tls.ReadAsync(buffer, timeout.Token)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 413", answer.ToString(), StringComparison.Ordinal);
        Assert.Contains("over the 3 MiB limit", answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ChunkedBodyOverThreeMiB_Refused()
    {
        var big = Encoding.UTF8.GetBytes(new string(' ', (3 * 1024 * 1024) + 10));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/validate") { Content = new StreamContent(new MemoryStream(big)) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Validate_BodyJustUnderLimit_Answered()
    {
        var review = Reviews.Review(Reviews.Pod("web"));
        var padded = review[..^1] + new string(' ', (3 * 1024 * 1024) - review.Length - 100) + "}";

        var response = await server.ReviewAsync("/validate", padded);

        Assert.True((bool)response["allowed"]!);
    }

    [Fact]
    public async Task Mutate_VendorPodThatCannotBeDecoded_FailsClosedWithReason()
    {
        var pod = Reviews.Pod("scraper", "vendor-workload=true");
        pod["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = new JsonObject() });

        var response = await server.ReviewAsync("/mutate", Reviews.Review(pod));

        Assert.False((bool)response["allowed"]!);
        var message = (string)response["status"]!["message"]!;
        Assert.Contains("could not evaluate Pod team-a/scraper", message, StringComparison.Ordinal);
        Assert.Contains("/spec/containers/0/ports/0/containerPort", message, StringComparison.Ordinal);
        Assert.Contains("tier vendor, fail mode closed", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_PodThatCannotBeDecoded_TakesThePolicyFailModeNotTheCatchAllTier()
    {
        var pod = Reviews.Pod("web");
        pod["spec"]!["containers"] = "not a list";

        var response = await server.ReviewAsync("/mutate", Reviews.Review(pod));

        // Issue 17 #6: only the catch-all tier would match, which says nothing about an unreadable object.
        Assert.False((bool)response["allowed"]!);
        var message = (string)response["status"]!["message"]!;
        Assert.Contains("could not evaluate Pod team-a/web", message, StringComparison.Ordinal);
        Assert.Contains("tier unknown, fail mode closed", message, StringComparison.Ordinal);
        Assert.Contains("palisade_admission_errors_total{operation=\"mutate\",reason=\"evaluation_failed\"} 1", await server.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_PodCreateWithoutObject_AnsweredByFailMode()
    {
        var review = JsonNode.Parse(Reviews.Review(Reviews.Pod("web")))!;
        review["request"]!.AsObject().Remove("object");

        var response = await server.ReviewAsync("/mutate", review.ToJsonString());

        Assert.Contains("request.object is missing", (string)(response["status"]?["message"] ?? response["warnings"]![0])!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutate_ClientStallsMidBody_ConnectionClosedNotHung()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Server.Address.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, cert, _, _) => server.IsTrusted(cert));
        await tls.AuthenticateAsClientAsync("localhost");
        var head = "POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"apiVersion\":";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        await tls.FlushAsync();

        // Kestrel's minimum body data rate gives a stalled client a 5 s grace period, then ends the request.
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var read = await tls.ReadAsync(buffer, timeout.Token);
        var answer = Encoding.ASCII.GetString(buffer, 0, read);

        Assert.True(read == 0 || answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal) || answer.StartsWith("HTTP/1.1 400", StringComparison.Ordinal), answer);
    }
}

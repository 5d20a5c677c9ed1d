using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Palisade.Webhook;

namespace Palisade.Cli.Tests.Commands;

/// <summary><c>palisade admit</c> answers offline exactly as <c>palisade serve</c> does over HTTPS.</summary>
public sealed class AdmitCommandTests
{
    private static string Review(string name) => Path.Combine(CliRunner.RepoRoot, "examples", "admission", name);

    private static string Namespaces => Review("namespaces.yaml");

    [Theory]
    [InlineData("vendor-pod.json", "mutate")]
    [InlineData("vendor-pod.json", "validate")]
    [InlineData("vendor-pod-runc.json", "mutate")]
    [InlineData("vendor-deployment-runc.json", "validate")]
    [InlineData("untrusted-namespace-pod.json", "mutate")]
    public async Task Admit_SameReviewAsServer_PrintsTheServersResponseByteForByte(string file, string webhook)
    {
        using var dir = new TempDir();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256).CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeProvider.System.GetUtcNow().AddHours(1));
        var certPath = dir.Write("tls.crt", certificate.ExportCertificatePem());
        var keyPath = dir.Write("tls.key", key.ExportPkcs8PrivateKeyPem());
        await using var server = await WebhookServer.StartAsync(new WebhookOptions
        {
            CertificatePath = certPath,
            KeyPath = keyPath,
            NamespacesPath = Namespaces,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
        });
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString() },
        };
        using var client = new HttpClient(handler) { BaseAddress = server.Address };
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Review(file)));
        using var response = await client.PostAsync("/" + webhook, content);
        var served = await response.Content.ReadAsStringAsync();

        var (exit, output, error) = await CliRunner.RunAsync("admit", Review(file), "--webhook", webhook, "--namespaces", Namespaces);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", error);
        Assert.Equal(served + "\n", output);
        Assert.Equal((bool)JsonNode.Parse(served)!["response"]!["allowed"]! ? 0 : 1, exit);
    }

    [Fact]
    public async Task Admit_VendorPodNamingRunc_ExitsOneAndExplainsInText()
    {
        var (exit, output, _) = await CliRunner.RunAsync("admit", Review("vendor-pod-runc.json"), "--format", "text");

        Assert.Equal(1, exit);
        Assert.StartsWith("DENIED Pod team-a/scraper (CREATE, mutate)", output, StringComparison.Ordinal);
        Assert.Contains("tier:          vendor (pod label vendor-workload=true)", output, StringComparison.Ordinal);
        Assert.Contains("allows runtimeClassName kata only", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admit_UntrustedNamespaceWithoutNamespaceLabels_StaysTrusted()
    {
        var (exit, output, _) = await CliRunner.RunAsync("admit", Review("untrusted-namespace-pod.json"), "--format", "text");

        Assert.Equal(0, exit);
        Assert.Contains("tier:          trusted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admit_MalformedReview_ExitTwoWithFileLineAndColumn()
    {
        using var dir = new TempDir();
        var file = dir.Write("review.json", "{\n  \"apiVersion\": \"admission.k8s.io/v1\",\n  \"kind\": AdmissionReview\n}\n");

        var (exit, output, error) = await CliRunner.RunAsync("admit", file);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"palisade: {file}:3:11: malformed AdmissionReview", error, StringComparison.Ordinal);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Admit_V1beta1Review_ExitTwoSayingWhichVersion()
    {
        var (exit, _, error) = await CliRunner.RunWithStdinAsync("{\"apiVersion\":\"admission.k8s.io/v1beta1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"1\"}}", "admit", "-");

        Assert.Equal(2, exit);
        Assert.Contains("-: unsupported review admission.k8s.io/v1beta1/AdmissionReview", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admit_InvalidPolicyFile_ExitTwoNamingThePolicy()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.yaml", "apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nmetadata: {name: x}\nspec:\n  tiers: 5\n");

        var (exit, _, error) = await CliRunner.RunAsync("admit", Review("vendor-pod.json"), "--policy", policy);

        Assert.Equal(2, exit);
        Assert.Contains("policy.yaml:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admit_OutputExists_RefusedWithoutForce()
    {
        using var dir = new TempDir();
        var existing = dir.Write("out.json", "keep me");

        var (exit, _, error) = await CliRunner.RunAsync("admit", Review("vendor-pod.json"), "--output", existing);

        Assert.Equal(2, exit);
        Assert.Contains("already exists; use --force", error, StringComparison.Ordinal);
        Assert.Equal("keep me", await File.ReadAllTextAsync(existing));
    }

    [Fact]
    public async Task Admit_Help_ShowsExamples()
    {
        var (exit, output, _) = await CliRunner.RunAsync("admit", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("palisade admit review.json --format text", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MissingCertificate_ExitTwoNamingTheFile()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "nope.crt");

        var (exit, _, error) = await CliRunner.RunAsync("serve", "--cert", missing, "--key", Path.Combine(dir.Path, "nope.key"), "--listen", "127.0.0.1:0");

        Assert.Equal(2, exit);
        Assert.Contains("nope.crt", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_ListenWithoutPort_ExitTwo()
    {
        var (exit, _, error) = await CliRunner.RunAsync("serve", "--cert", "a", "--key", "b", "--listen", "0.0.0.0");

        Assert.Equal(2, exit);
        Assert.Contains("must be ADDRESS:PORT", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_Help_ShowsExamples()
    {
        var (exit, output, _) = await CliRunner.RunAsync("serve", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("palisade serve --cert /tls/tls.crt --key /tls/tls.key", output, StringComparison.Ordinal);
    }
}

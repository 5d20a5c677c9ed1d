using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Palisade.Webhook;
using Xunit.Abstractions;

namespace Palisade.Cli.Tests.Fuzz;

/// <summary>
/// Issue 17's fuzzing pass: seeded, structured-but-broken inputs through every surface a user or a client feeds,
/// run in this process against the real command tree and the real webhook server on a loopback port. Each case must
/// answer within <see cref="CaseTimeout"/>, with an exit code 0-3 (never the crash fallback), no HTTP 5xx, no stack
/// trace, and a peak RSS growth (VmHWM, see <see cref="FuzzProbe"/>) below <see cref="FuzzFailures.MaxPeakGrowthKb"/>.
/// The tests of one class run one after another, so the measurement sees one case at a time.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FuzzTests(ITestOutputHelper log) : IDisposable
{
    /// <summary>17 unless PALISADE_FUZZ_SEED names another, to explore beyond the cases the suite keeps.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("PALISADE_FUZZ_SEED"), out var seed) ? seed : 17;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task Check_MutatedManifests_AnswerWithinTheContract()
    {
        await FuzzCommandAsync("manifests (check)", FuzzSeeds.Manifests, 500, (bytes, i) =>
        {
            var file = Write(i % 3 == 0 ? $"m{i}.json" : $"m{i}.yaml", bytes);
            return i % 4 == 0 ? ["check", file, "--format", "json"] : ["check", file];
        });
    }

    [Fact]
    public async Task Admit_MutatedReviews_AnswerWithinTheContract()
    {
        await FuzzCommandAsync("AdmissionReview (admit)", FuzzSeeds.Reviews, 400, (bytes, i) => ["admit", Write($"r{i}.json", bytes)]);
    }

    [Fact]
    public async Task Seccomp_MutatedProfiles_AnswerWithinTheContract()
    {
        var good = Write("good.json", Encoding.UTF8.GetBytes(FuzzSeeds.SeccompProfiles[0]));
        await FuzzCommandAsync("seccomp profiles (validate, merge, diff)", FuzzSeeds.SeccompProfiles, 400, (bytes, i) =>
        {
            var file = Write($"s{i}.json", bytes);
            return (i % 3) switch
            {
                0 => ["seccomp", "validate", file],
                1 => ["seccomp", "merge", good, file],
                _ => ["seccomp", "diff", good, file],
            };
        });
    }

    [Fact]
    public async Task Node_MutatedContainerdConfigs_AnswerWithinTheContract()
    {
        await FuzzCommandAsync("containerd TOML (node doctor, node config --merge)", FuzzSeeds.ContainerdConfigs, 400, (bytes, i) =>
        {
            var file = Write($"c{i}.toml", bytes);
            return i % 2 == 0
                ? ["node", "doctor", "--config-only", "--containerd-config", file]
                : ["node", "config", "containerd", "--merge", file, "--output", Path.Combine(dir.Path, $"out{i}.toml")];
        });
    }

    [Fact]
    public async Task Serve_MutatedReviewsOverHttps_NeverAnswer5xx()
    {
        using var certificate = SelfSigned();
        var certPath = Path.Combine(dir.Path, "tls.crt");
        var keyPath = Path.Combine(dir.Path, "tls.key");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await using var server = await WebhookServer.StartAsync(new WebhookOptions
        {
            CertificatePath = certPath,
            KeyPath = keyPath,
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            LogDecisions = false,
        });
        var thumbprint = certificate.GetCertHashString();
        using var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == thumbprint },
        };
        using var client = new HttpClient(handler) { BaseAddress = server.Address, Timeout = CaseTimeout };

        var mutator = new Mutator(Seed, FuzzSeeds.Reviews);
        var failures = new FuzzFailures("AdmissionReview (HTTPS /validate, /mutate)", Seed);
        const int cases = 400;
        for (var i = 0; i < cases; i++)
        {
            var (bytes, what) = mutator.Next();
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new("application/json");
            var baseline = FuzzProbe.ResetPeakKb();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, i % 2 == 0 ? "/validate" : "/mutate")
                {
                    Content = content,
                    Version = i % 4 < 2 ? HttpVersion.Version11 : HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                };
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                failures.CheckHttp(i, what, (int)response.StatusCode, body, FuzzProbe.PeakKb() - baseline);
            }
            catch (TaskCanceledException)
            {
                failures.Hang(i, what, CaseTimeout);
            }
            catch (HttpRequestException) when (bytes.Length > WebhookOptions.MaxBodyBytes)
            {
                // Kestrel answers 413 and closes while the client is still sending: the refusal of an oversized body.
                failures.CheckHttp(i, what, 413, "closed", FuzzProbe.PeakKb() - baseline);
            }
        }

        var raw = 0;
        foreach (var (request, what) in RawRequests())
        {
            var baseline = FuzzProbe.ResetPeakKb();
            var answer = await RawExchangeAsync(server.Address, thumbprint, request).WaitAsync(CaseTimeout);
            var status = answer.Length >= 12 && answer.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? int.Parse(answer[9..12], System.Globalization.CultureInfo.InvariantCulture) : 0;
            log.WriteLine($"raw request, {what}: {(answer.Length == 0 ? "connection closed without an answer" : answer.Split('\r')[0])}");
            if (answer.Length > 0)
            {
                failures.CheckHttp(cases + raw, what, status, answer, FuzzProbe.PeakKb() - baseline);
            }

            raw++;
        }

        Finish(failures, cases + raw);
    }

    /// <summary>Transport-level cases HttpClient will not send: broken chunking, lying lengths, bytes that are not UTF-8 in headers.</summary>
    private static IEnumerable<(byte[] Request, string What)> RawRequests()
    {
        const string head = "POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n";
        var review = FuzzSeeds.Reviews[0];
        yield return (Encoding.ASCII.GetBytes(head + "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n{}\r\n0\r\n\r\n"), "chunk size of 17 hex digits");
        yield return (Encoding.ASCII.GetBytes(head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"), "chunk size not hex");
        yield return (Encoding.ASCII.GetBytes(head + "Transfer-Encoding: chunked\r\n\r\n7fffffff\r\n{}"), "chunk larger than the body limit, then silence");
        yield return (Encoding.ASCII.GetBytes(head + "Content-Length: 99999999999999999999\r\n\r\n{}"), "content length of 20 digits");
        yield return (Encoding.ASCII.GetBytes(head + "Content-Length: -1\r\n\r\n{}"), "negative content length");
        yield return (Encoding.ASCII.GetBytes(head + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"), "two content lengths");
        yield return ([.. Encoding.ASCII.GetBytes(head + "X-Name: "), 0xff, 0xfe, .. Encoding.ASCII.GetBytes($"\r\nContent-Length: {Encoding.UTF8.GetByteCount(review)}\r\n\r\n{review}")], "header value not UTF-8");
        yield return (Encoding.ASCII.GetBytes(head + $"Content-Length: {Encoding.UTF8.GetByteCount(review)}\r\nContent-Encoding: gzip\r\n\r\n{review}"), "claims gzip, sends JSON");
        yield return (Encoding.ASCII.GetBytes("POST /validate?" + new string('a', 100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), "100 KB query string");
    }

    /// <summary>Sends raw bytes over TLS and returns what came back before the server closed (or 5 s passed).</summary>
    private static async Task<string> RawExchangeAsync(Uri address, string thumbprint, byte[] request)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, cert, _, _) => cert?.GetCertHashString() == thumbprint);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", ApplicationProtocols = [SslApplicationProtocol.Http11] });
        await tls.WriteAsync(request);
        await tls.FlushAsync();
        var answer = new MemoryStream();
        var buffer = new byte[8192];
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            int n;
            while ((n = await tls.ReadAsync(buffer, quiet.Token)) > 0)
            {
                answer.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The server kept the connection open or reset it: what it said so far is the answer.
        }

        return Encoding.UTF8.GetString(answer.ToArray());
    }

    private async Task FuzzCommandAsync(string surface, IReadOnlyList<string> seeds, int cases, Func<byte[], int, string[]> args)
    {
        var mutator = new Mutator(Seed, seeds);
        var failures = new FuzzFailures(surface, Seed);
        for (var i = 0; i < cases; i++)
        {
            var (bytes, what) = mutator.Next();
            var command = args(bytes, i);
            var baseline = FuzzProbe.ResetPeakKb();
            try
            {
                var (exit, output, error) = await CliRunner.RunAsync(command).WaitAsync(CaseTimeout);
                failures.CheckCommand(i, what, exit, output + error, FuzzProbe.PeakKb() - baseline);
            }
            catch (TimeoutException)
            {
                failures.Hang(i, what, CaseTimeout);
            }
        }

        Finish(failures, cases);
    }

    private void Finish(FuzzFailures failures, int cases)
    {
        log.WriteLine(failures.Report(cases));
        foreach (var failure in failures.All.Take(20))
        {
            log.WriteLine(failure);
        }

        Assert.True(failures.All.Count == 0, failures.Report(cases) + "\n" + string.Join('\n', failures.All.Take(20)));
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(dir.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=palisade-fuzz", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }
}

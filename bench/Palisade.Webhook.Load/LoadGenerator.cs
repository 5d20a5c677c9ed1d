using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Palisade.Webhook.Load;

/// <summary>
/// A closed-loop HTTP/1.1 keep-alive load generator over TLS: CONCURRENCY connections, each sending the same POST
/// as soon as the previous answer arrived, for a warm-up and then a measured period. It records every latency and
/// reports requests per second and p50/p99/p99.9. Loopback only; it trusts exactly the given certificate.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<int> RunAsync(Uri url, string bodyPath, string certPath, int concurrency, double seconds, double warmup)
    {
        if (!url.IsLoopback)
        {
            Console.Error.WriteLine("palisade-load: only loopback targets");
            return 2;
        }

        var body = await File.ReadAllBytesAsync(bodyPath);
        var head = Encoding.ASCII.GetBytes($"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n");
        var request = new byte[head.Length + body.Length];
        head.CopyTo(request, 0);
        body.CopyTo(request, head.Length);
        using var pinned = X509CertificateLoader.LoadCertificateFromFile(certPath);
        var thumbprint = pinned.GetCertHashString();

        var clients = new Client[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            clients[i] = await Client.ConnectAsync(url, thumbprint);
        }

        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup * Stopwatch.Frequency);
        var end = measureFrom + (long)(seconds * Stopwatch.Frequency);
        var results = await Task.WhenAll(clients.Select(c => Task.Run(() => c.LoopAsync(request, measureFrom, end))));
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        var latencies = results.SelectMany(r => r.Latencies).ToArray();
        var total = results.Sum(r => r.Total);
        Array.Sort(latencies);
        var errors = results.Sum(r => r.Errors);
        var rps = latencies.Length / seconds;
        double Ms(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)(q * latencies.Length))] * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"concurrency={concurrency} total={total} requests={latencies.Length} errors={errors} rps={rps:F0} p50_ms={Ms(0.50):F3} p99_ms={Ms(0.99):F3} p999_ms={Ms(0.999):F3} max_ms={Ms(1.0):F3}"));
        return errors == 0 ? 0 : 1;
    }

    private sealed class Client : IAsyncDisposable
    {
        private readonly TcpClient tcp;
        private readonly SslStream tls;
        private readonly byte[] buffer = new byte[64 * 1024];

        private Client(TcpClient tcp, SslStream tls)
        {
            this.tcp = tcp;
            this.tls = tls;
        }

        public static async Task<Client> ConnectAsync(Uri url, string thumbprint)
        {
            var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(url.Host, url.Port);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, cert, _, _) => cert?.GetCertHashString() == thumbprint);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = url.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            });
            return new Client(tcp, tls);
        }

        public async Task<(List<long> Latencies, int Errors, int Total)> LoopAsync(byte[] request, long measureFrom, long end)
        {
            var latencies = new List<long>(1 << 16);
            var errors = 0;
            var total = 0;
            while (true)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= end)
                {
                    break;
                }

                await tls.WriteAsync(request);
                var status = await ReadResponseAsync();
                var done = Stopwatch.GetTimestamp();
                total++;
                if (status != 200)
                {
                    errors++;
                }
                else if (sent >= measureFrom)
                {
                    latencies.Add(done - sent);
                }
            }

            return (latencies, errors, total);
        }

        public async ValueTask DisposeAsync()
        {
            await tls.DisposeAsync();
            tcp.Dispose();
        }

        /// <summary>Reads one response with a Content-Length body (what both servers send); returns the status code.</summary>
        private async Task<int> ReadResponseAsync()
        {
            var filled = 0;
            int headerEnd;
            while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var n = await tls.ReadAsync(buffer.AsMemory(filled));
                if (n == 0)
                {
                    throw new IOException("connection closed by the server");
                }

                filled += n;
            }

            var headers = buffer.AsSpan(0, headerEnd);
            _ = Utf8Parser.TryParse(headers[9..12], out int status, out _);
            var at = headers.IndexOf("Content-Length: "u8);
            var length = 0;
            if (at >= 0)
            {
                _ = Utf8Parser.TryParse(headers[(at + 16)..], out length, out _);
            }

            var total = headerEnd + 4 + length;
            while (filled < total)
            {
                var n = await tls.ReadAsync(buffer.AsMemory(filled));
                if (n == 0)
                {
                    throw new IOException("connection closed by the server");
                }

                filled += n;
            }

            return status;
        }
    }
}

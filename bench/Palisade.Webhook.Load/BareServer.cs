using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Palisade.Webhook.Load;

/// <summary>
/// The ceiling of the stack: Kestrel over HTTPS with the webhook's settings, reading the body the same way, parsing it
/// as JSON and answering a fixed AdmissionReview. The webhook's throughput is quoted as a ratio of this one's.
/// </summary>
internal static class BareServer
{
    private static readonly byte[] Answer = """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"00000000-0000-0000-0000-000000000000","allowed":true}}"""u8.ToArray();

    public static async Task<int> RunAsync(string listen, string certPath, string keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        using var certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 3 * 1024 * 1024;
            kestrel.Listen(IPEndPoint.Parse(listen), l =>
            {
                l.Protocols = HttpProtocols.Http1AndHttp2;
                l.UseHttps(h => h.ServerCertificateSelector = (_, _) => certificate);
            });
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.RunAsync();
        return 0;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync();
            if (read.IsCompleted)
            {
                break;
            }

            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        using (var document = JsonDocument.Parse(read.Buffer))
        {
            _ = document.RootElement.GetProperty("request").GetProperty("uid").GetString();
        }

        reader.AdvanceTo(read.Buffer.End);
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = Answer.Length;
        context.Response.BodyWriter.Write(Answer);
        await context.Response.BodyWriter.FlushAsync();
    }
}

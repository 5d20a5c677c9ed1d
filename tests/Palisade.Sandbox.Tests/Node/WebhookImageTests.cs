using System.Formats.Tar;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Xunit.Abstractions;
using Palisade.Core.Node;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Node;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Tests.Node;

/// <summary>
/// The webhook's image as docs/webhook.md builds and ships it: deploy/image/build.sh (self-contained publish, FROM
/// scratch, Debian's buildah, no registry), imported into a real containerd and run under runsc, the webhook sandboxed
/// by its own advice, until /healthz answers over HTTPS.
/// </summary>
[Collection(ContainerdTests.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WebhookImageTests(ITestOutputHelper output)
{
    private const string Namespace = "k8s.io";
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task BuiltImage_TaggedAsDeployRunsIt_ServesHealthzOverHttpsUnderRunsc()
    {
        using var folder = new ContainerdFolder();
        var archive = Path.Combine(folder.Path, "palisade image.tar"); // a space, as in a user's folder
        var built = await ToolCommand.RunAsync(Path.Combine(RepoRoot, "deploy", "image", "build.sh"), [archive], Bound, CancellationToken.None);
        Assert.True(built.ExitCode == 0, built.Stderr);
        var reference = built.Stdout.Trim();

        // The tag is the one deploy/ runs, from the one version of the build.
        var deployment = await File.ReadAllTextAsync(Path.Combine(RepoRoot, "deploy", "50-deployment.yaml"));
        Assert.Contains($"image: {reference}\n", deployment, StringComparison.Ordinal);
        Assert.EndsWith(":" + typeof(CriPodDirectory).Assembly.GetName().Version!.ToString(3), reference, StringComparison.Ordinal);

        // FROM scratch: one layer with the publish and its libraries, a nonroot user, the palisade entrypoint.
        var layout = Directory.CreateDirectory(Path.Combine(folder.Path, "layout")).FullName;
        await TarFile.ExtractToDirectoryAsync(archive, layout, overwriteFiles: false);
        var image = ImageReader.ReadOciLayout(layout, null);
        var config = image.Config.GetProperty("config");
        Assert.Equal("65532:65532", config.GetProperty("User").GetString());
        Assert.Equal(["/app/palisade"], config.GetProperty("Entrypoint").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(image.Layers);

        var configured = ThrowawayContainerd.Configure(folder.Path, new NodeConfigOptions
        {
            Runtimes = [NodeRuntime.Runsc],
            RunscShim = RunscShim.Runc,
            RunscNetwork = "host",
            RunscAdapterPath = AdapterBuild.Path,
        });
        await using var daemon = await ThrowawayContainerd.StartAsync(folder.Path, configured, CancellationToken.None);
        var ctr = RuntimeProbe.Require("ctr");
        string[] at = ["--address", daemon.Socket, "--namespace", Namespace];
        var imported = await ToolCommand.RunAsync(ctr, [.. at, "images", "import", archive], Bound, CancellationToken.None);
        Assert.True(imported.ExitCode == 0, imported.Stderr);

        var tls = Directory.CreateDirectory(Path.Combine(folder.Path, "tls")).FullName;
        using var certificate = WriteServerCertificate(tls);
        var port = FreePort();
        var id = "palisade-webhook-" + Guid.NewGuid().ToString("N")[..8];
        var started = await ToolCommand.RunAsync(
            ctr,
            [.. at, "run", "--detach", "--runc-binary", configured.RunscWrapperPath, "--net-host",
             "--mount", $"type=bind,src={tls},dst=/etc/palisade/tls,options=rbind:ro",
             "--mount", "type=tmpfs,src=tmpfs,dst=/tmp,options=rw:size=16m",
             "--read-only", reference, id,
             "/app/palisade", "serve", "--cert", "/etc/palisade/tls/tls.crt", "--key", "/etc/palisade/tls/tls.key", "--listen", $"127.0.0.1:{port}"],
            TimeSpan.FromMinutes(1),
            CancellationToken.None);
        Assert.True(started.ExitCode == 0, started.Stderr);
        try
        {
            var (status, body) = await HealthzAsync(port, certificate, TimeSpan.FromSeconds(90));
            Assert.True(status == HttpStatusCode.OK, $"/healthz: {status} {body}");

            // It is gVisor that serves it: the sandbox process of this container runs on the host.
            Assert.Contains(Processes(), p => p.Contains("runsc-sandbox", StringComparison.Ordinal) && p.Contains(id, StringComparison.Ordinal));
        }
        finally
        {
            var logs = await ToolCommand.RunAsync(ctr, [.. at, "tasks", "ls"], TimeSpan.FromSeconds(30), CancellationToken.None);
            output.WriteLine(logs.Stdout);
            await ToolCommand.RunAsync(ctr, [.. at, "tasks", "kill", "--signal", "SIGKILL", id], TimeSpan.FromSeconds(30), CancellationToken.None);
            await Task.Delay(1000);
            await ToolCommand.RunAsync(ctr, [.. at, "tasks", "rm", "--force", id], TimeSpan.FromSeconds(30), CancellationToken.None);
            await ToolCommand.RunAsync(ctr, [.. at, "containers", "rm", id], TimeSpan.FromSeconds(30), CancellationToken.None);
        }
    }

    private static async Task<(HttpStatusCode? Status, string Body)> HealthzAsync(int port, X509Certificate2 expected, TimeSpan within)
    {
        using var handler = new HttpClientHandler
        {
            // Only the certificate the test gave the webhook is accepted.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == expected.Thumbprint,
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = TimeProvider.System.GetTimestamp() + (long)(within.TotalSeconds * TimeProvider.System.TimestampFrequency);
        var last = "";
        while (TimeProvider.System.GetTimestamp() < deadline)
        {
            try
            {
                using var response = await client.GetAsync(new Uri($"https://127.0.0.1:{port}/healthz"));
                return (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException e)
            {
                last = e.Message;
            }

            await Task.Delay(500);
        }

        return (null, "no answer: " + last);
    }

    private static X509Certificate2 WriteServerCertificate(string folder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=palisade-webhook.palisade-system.svc", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("palisade-webhook.palisade-system.svc");
        request.CertificateExtensions.Add(names.Build());
        var now = TimeProvider.System.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(folder, "tls.key"), key.ExportPkcs8PrivateKeyPem());
        // The image runs as 65532: the key must be readable by it, as a Secret volume makes it.
        File.SetUnixFileMode(Path.Combine(folder, "tls.key"), (UnixFileMode)0b110_100_100);
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        File.SetUnixFileMode(Path.GetDirectoryName(folder)!, (UnixFileMode)0b111_101_101);
        return certificate;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static List<string> Processes() =>
        [.. Directory.GetDirectories("/proc").Select(d => Path.Combine(d, "cmdline")).Select(ReadOrEmpty).Where(c => c.Length > 0)];

    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file).Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static string RepoRoot { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Palisade.slnx not found above " + AppContext.BaseDirectory);
    }
}

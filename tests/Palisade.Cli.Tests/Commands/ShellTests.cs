using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Cli.Tests.Commands;

/// <summary>The built <c>palisade</c> run as a process, the way a shell runs it.</summary>
public sealed class ShellTests
{
    private static readonly string Palisade = Path.Combine(AppContext.BaseDirectory, "palisade.dll");

    [Fact]
    public async Task ServeOnAPortInUsePrintsOneLineAndExits3()
    {
        using var dir = new TempDir();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-1), TimeProvider.System.GetUtcNow().AddDays(1));
        var certFile = dir.Write("tls.crt", cert.ExportCertificatePem());
        var keyFile = dir.Write("tls.key", key.ExportPkcs8PrivateKeyPem());
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exit, stdout, stderr) = await RunAsync(["serve", "--cert", certFile, "--key", keyFile, "--listen", $"127.0.0.1:{port}"]);

        Assert.Equal(3, exit);
        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
        Assert.Equal($"palisade: cannot listen on 127.0.0.1:{port}: Failed to bind to address https://127.0.0.1:{port}: address already in use; fix: stop what uses port {port}, or pick another with --listen", stderr.TrimEnd());
    }

    [Fact]
    public async Task BashCompletionFromDocsCompletesSubcommands()
    {
        var doc = await File.ReadAllTextAsync(Path.Combine(CliRunner.RepoRoot, "docs", "completion.md"));
        var start = doc.IndexOf("```bash\n", StringComparison.Ordinal) + "```bash\n".Length;
        var function = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        var script = $"palisade() {{ dotnet '{Palisade}' \"$@\"; }}\n{function}\n"
            + "COMP_WORDS=(palisade node co); COMP_CWORD=2; COMP_LINE='palisade node co'; COMP_POINT=${#COMP_LINE}; _palisade_complete; printf '%s\\n' \"${COMPREPLY[@]}\"\n"
            + "COMP_WORDS=(palisade check --format s); COMP_CWORD=3; COMP_LINE='palisade check --format s'; COMP_POINT=${#COMP_LINE}; _palisade_complete; printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        var (exit, stdout, stderr) = await RunProcessAsync("bash", ["-c", script]);
        Assert.True(exit == 0, stderr);
        Assert.Equal("config\nsarif\n", stdout);
    }

    private static Task<(int, string, string)> RunAsync(string[] args) => RunProcessAsync("dotnet", [Palisade, .. args]);

    private static async Task<(int, string, string)> RunProcessAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Webhook;

/// <summary>
/// The serving certificate, loaded from PEM files and reloaded when they change on disk. A reload that fails (a
/// half-written file, a key that does not match) keeps the certificate in use, so TLS never stops.
/// </summary>
internal sealed class CertificateStore : IDisposable
{
    private readonly string certPath;
    private readonly string keyPath;
    private volatile X509Certificate2 current;

    private CertificateStore(string certPath, string keyPath, X509Certificate2 first)
    {
        this.certPath = certPath;
        this.keyPath = keyPath;
        current = first;
    }

    public X509Certificate2 Current => current;

    /// <summary>Loads the pair, or throws <see cref="WebhookStartException"/> naming the file that is wrong.</summary>
    public static CertificateStore Load(string certPath, string keyPath)
    {
        var (certificate, error) = TryRead(certPath, keyPath);
        return certificate is null ? throw new WebhookStartException(error!) : new CertificateStore(certPath, keyPath, certificate);
    }

    /// <summary>Reads the files again; returns null on success, else why the old certificate stays.</summary>
    public string? Reload()
    {
        var (certificate, error) = TryRead(certPath, keyPath);
        if (certificate is null)
        {
            return error;
        }

        // The old certificate is not disposed: handshakes in flight may still hold it.
        current = certificate;
        return null;
    }

    public void Dispose() => current.Dispose();

    /// <summary>A certificate chain or key file is a few KiB; 1 MiB is far beyond any real one.</summary>
    private const long MaxPemBytes = 1024 * 1024;

    private static (X509Certificate2? Certificate, string? Error) TryRead(string certPath, string keyPath)
    {
        try
        {
            // Bounded: a link to /dev/zero or a sparse 3 GB file must cost 1 MiB, not the server.
            var certText = Palisade.Core.Files.BoundedRead.Text(certPath, MaxPemBytes);
            var keyText = Palisade.Core.Files.BoundedRead.Text(keyPath, MaxPemBytes);
            using var pem = X509Certificate2.CreateFromPem(certText, keyText);
            if (!pem.HasPrivateKey)
            {
                return (null, $"{keyPath}: no private key matching {certPath}");
            }

            // A PKCS#12 round trip gives a certificate whose key lives with it, as SslStream wants on every platform.
            return (X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the certificate or key: {e.Message.ReplaceLineEndings(" ")}");
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return (null, $"{certPath} / {keyPath}: not a PEM certificate and matching private key: {e.Message.ReplaceLineEndings(" ")}");
        }
    }
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Palisade.Webhook.Tests;

/// <summary>A self-signed ECDSA certificate for 127.0.0.1 and localhost, written as PEM files the server reads.</summary>
internal static class TestCertificate
{
    public static X509Certificate2 Create(string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        return request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddMinutes(-5), TimeProvider.System.GetUtcNow().AddDays(1));
    }

    /// <summary>Writes the pair beside each other, each file replaced in one rename as a rotation would.</summary>
    public static void Write(X509Certificate2 certificate, string certPath, string keyPath)
    {
        var key = certificate.GetECDsaPrivateKey()!;
        Replace(keyPath, key.ExportPkcs8PrivateKeyPem());
        Replace(certPath, certificate.ExportCertificatePem());
    }

    private static void Replace(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}

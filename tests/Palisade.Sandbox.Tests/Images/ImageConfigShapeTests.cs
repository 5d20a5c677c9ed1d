using System.Text;
using Palisade.Sandbox.Images;

namespace Palisade.Sandbox.Tests.Images;

/// <summary>An OCI layout whose config, manifest or index is valid JSON but not an object is bad input naming the file, not an internal error.</summary>
public sealed class ImageConfigShapeTests
{
    [Theory]
    [InlineData("config", "[]", "array")]
    [InlineData("config", "\"text\"", "string")]
    [InlineData("manifest", "[1, 2]", "array")]
    [InlineData("index", "null", "null")]
    public void ReadOciLayout_DocumentNotAnObject_BundleExceptionNamingItAndWhatWasFound(string which, string json, string found)
    {
        using var temp = new TempFolder();
        var blobs = Directory.CreateDirectory(temp.Combine("blobs", "sha256")).FullName;
        string Blob(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var digest = Digest.Of(bytes);
            File.WriteAllBytes(Path.Combine(blobs, Digest.Hex(digest)!), bytes);
            return digest;
        }

        var config = Blob(which == "config" ? json : """{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}""");
        var manifest = Blob(which == "manifest" ? json : $$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{config}}","size":2},"layers":[]}""");
        File.WriteAllText(temp.Combine("oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(temp.Combine("index.json"), which == "index" ? json : $$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{manifest}}","size":2}]}""");

        var error = Assert.Throws<BundleException>(() => ImageReader.ReadOciLayout(temp.Path, null));

        Assert.Contains($"expected a JSON object, found {found}", error.Message, StringComparison.Ordinal);
        Assert.Contains(which, error.Message, StringComparison.Ordinal);
    }
}

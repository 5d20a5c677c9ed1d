namespace Palisade.Sandbox.Images;

/// <summary>A layer as stored: the blob bytes, the digest of its uncompressed tar, and whether the blob is gzip.</summary>
internal sealed record LayerBlob(byte[] Blob, string DiffId, bool Gzip)
{
    public string Digest => Images.Digest.Of(Blob);

    public string MediaType => Gzip ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.oci.image.layer.v1.tar";
}

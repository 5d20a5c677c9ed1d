using System.IO.Compression;

namespace Palisade.Sandbox.Images;

/// <summary>Opens a file as a tar stream, decompressing gzip when the magic bytes say so, with its metadata bounded (<see cref="TarMetadataGuard"/>).</summary>
internal static class ArchiveStream
{
    public static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        return Wrap(file);
    }

    public static Stream Wrap(Stream stream)
    {
        var buffered = new BufferedStream(stream, 1 << 16);
        Span<byte> magic = stackalloc byte[2];
        var read = buffered.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        buffered.Seek(0, SeekOrigin.Begin);
        if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new TarMetadataGuard(new GZipStream(buffered, CompressionMode.Decompress));
        }

        return new TarMetadataGuard(buffered);
    }
}

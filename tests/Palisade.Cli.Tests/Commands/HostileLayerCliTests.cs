using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Xunit.Abstractions;

namespace Palisade.Cli.Tests.Commands;

/// <summary>Issue 17 #15: an image layer whose tar metadata is huge, through the real command as a child process.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HostileLayerCliTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData('L', "GNU long name")]
    [InlineData('x', "PAX extended header")]
    public async Task Profile_ImageLayerWithA1GiBLongNameHeader_IsRefusedExit2InBoundedMemory(char type, string kind)
    {
        using var dir = new TempDir();
        var layout = Path.Combine(dir.Path, "layout");
        var layerBytes = WriteLayout(layout, HugeMetadataLayer(type, 1L << 30));

        var run = await Subprocess.RunAsync(["profile", layout, "--runtime", "runc", "--quiet"], timeout: TimeSpan.FromSeconds(90));

        log.WriteLine($"{kind}: layer {layerBytes} bytes gzip, exit {run.Exit} in {run.Elapsed.TotalSeconds:F1} s, peak RSS {run.PeakRssKb / 1024} MiB: {run.Err.Trim()}");
        Assert.True(layerBytes < 16 << 20, $"the layer is {layerBytes} bytes compressed");
        Assert.Equal(2, run.Exit);
        Assert.Contains($"a {kind} of 1073741824 bytes; Palisade reads at most 1048576 bytes of tar metadata", run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Trim().Split('\n'));
        Assert.True(run.PeakRssKb < 300_000, $"peak RSS {run.PeakRssKb} KiB");
    }

    /// <summary>A gzip tar: one metadata header announcing <paramref name="size"/> bytes, that many 'a's, then a file.</summary>
    private static byte[] HugeMetadataLayer(char type, long size)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Header(type == 'x' ? "PaxHeaders/x" : "././@LongLink", type, size));
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'a');
            if (type == 'x')
            {
                // One PAX record "LEN comment=aaaa...\n" spanning the whole size.
                var prefix = Encoding.ASCII.GetBytes($"{size} comment=");
                gzip.Write(prefix);
                WriteRepeated(gzip, chunk, size - prefix.Length - 1);
                gzip.WriteByte((byte)'\n');
            }
            else
            {
                WriteRepeated(gzip, chunk, size);
            }

            gzip.Write(new byte[(512 - (size % 512)) % 512]);
            gzip.Write(Header("x", '0', 0));
            gzip.Write(new byte[1024]);
        }

        return buffer.ToArray();
    }

    private static void WriteRepeated(Stream to, byte[] chunk, long count)
    {
        for (var left = count; left > 0; left -= chunk.Length)
        {
            to.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
    }

    /// <summary>A ustar header block with a correct checksum.</summary>
    private static byte[] Header(string name, char type, long size)
    {
        var block = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(block, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(block, 100);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(block, 108);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(block, 116);
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(block, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(block, 136);
        block[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar\000").CopyTo(block, 257);
        Array.Fill(block, (byte)' ', 148, 8);
        var sum = block.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block, 148);
        return block;
    }

    /// <summary>An OCI image layout with one image of one layer; returns the layer's compressed size.</summary>
    private static long WriteLayout(string layout, byte[] layer)
    {
        var blobs = Path.Combine(layout, "blobs", "sha256");
        Directory.CreateDirectory(blobs);
        string Blob(byte[] bytes)
        {
            var hex = Convert.ToHexStringLower(SHA256.HashData(bytes));
            File.WriteAllBytes(Path.Combine(blobs, hex), bytes);
            return "sha256:" + hex;
        }

        var layerDigest = Blob(layer);
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{"Cmd":["/x"]},"rootfs":{"type":"layers","diff_ids":["{{{layerDigest}}}"]}}""");
        var configDigest = Blob(config);
        var manifest = Encoding.UTF8.GetBytes($$$"""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{{configDigest}}}","size":{{{config.Length}}}},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{{layerDigest}}}","size":{{{layer.Length}}}}]}""");
        var manifestDigest = Blob(manifest);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");
        File.WriteAllText(Path.Combine(layout, "index.json"), $$$"""{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"{{{manifestDigest}}}","size":{{{manifest.Length}}},"annotations":{"org.opencontainers.image.ref.name":"hostile:1"}}]}""");
        return layer.Length;
    }
}

using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Tests.Images;
using Xunit.Abstractions;

namespace Palisade.Sandbox.Tests.Fuzz;

/// <summary>
/// Issue 17's fuzzing pass over tar layers: seeded mutations of valid layers (truncation, byte flips, header fields
/// rewritten with a valid checksum: huge and base-256 sizes, every type flag, control characters and traversal in
/// names; oversized GNU long-name and PAX headers; deep paths; gzip wrapping and truncated gzip) as an OCI layout
/// through the real bundle builder. Each case must end within <see cref="CaseTimeout"/> either with a bundle or a
/// one-line <see cref="BundleException"/> (the CLI's exit 2), leave nothing in the work folder when refused, and add
/// less than 300 MiB to the peak RSS (VmHWM after resetting it with /proc/self/clear_refs).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LayerFuzzTests(ITestOutputHelper log) : IDisposable
{
    private const int Seed = 17;
    private const int Cases = 300;
    private const long MaxPeakGrowthKb = 300 * 1024;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);
    private static readonly char[] TypeFlags = ['0', '1', '2', '3', '4', '5', '6', '7', 'L', 'K', 'x', 'g', 'S', 'V', 'M', 'D', 'N', 'Z', '\0'];
    private static readonly string[] Names = ["../evil", "/etc/evil", "a/../../evil", "x\u001b[31m\n/y", ".wh...", "bin/.wh..", "./", "", "a\0b", new string('a', 300), string.Join('/', Enumerable.Repeat("d", 2000))];

    private readonly TempFolder temp = new();
    private readonly Random random = new(Seed);

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task PrepareAsync_MutatedLayers_EndInABundleOrOneLineRefusal()
    {
        var seeds = Seeds();
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        long worst = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Cases; i++)
        {
            var (blob, what) = Mutate(seeds[random.Next(seeds.Count)]);
            var layout = temp.Combine($"layout{i}");
            OciLayoutWriter.AddImage(layout, [blob], new ImageConfigSpec { Cmd = ["/bin/true"] }, "fuzz:1");
            var work = temp.Combine($"work{i}");
            var baseline = ResetPeakKb();
            string outcome;
            try
            {
                await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), new BundleOptions { WorkDirectory = work }, CancellationToken.None).WaitAsync(CaseTimeout);
                outcome = "bundle";
            }
            catch (BundleException e)
            {
                outcome = "refused";
                var reason = System.Text.RegularExpressions.Regex.Replace(e.Message, "sha256:[0-9a-f]+|'[^']*'|[0-9]+", "_");
                reasons[reason[..Math.Min(70, reason.Length)]] = reasons.GetValueOrDefault(reason[..Math.Min(70, reason.Length)]) + 1;
                if (e.Message.Contains('\n', StringComparison.Ordinal))
                {
                    failures.Add($"case {i} ({what}): message on several lines: {e.Message}");
                }

                if (Directory.Exists(work) && Directory.EnumerateFileSystemEntries(work).Any())
                {
                    failures.Add($"case {i} ({what}): refused but left {string.Join(", ", Directory.EnumerateFileSystemEntries(work))}");
                }
            }
            catch (TimeoutException)
            {
                outcome = "hang";
                failures.Add($"case {i} ({what}): no answer within {CaseTimeout.TotalSeconds} s");
            }
            catch (Exception e)
            {
                outcome = e.GetType().Name;
                failures.Add($"case {i} ({what}): {e.GetType().Name}: {e.Message}");
            }

            var growth = PeakKb() - baseline;
            worst = Math.Max(worst, growth);
            if (growth > MaxPeakGrowthKb)
            {
                failures.Add($"case {i} ({what}): peak RSS grew by {growth / 1024} MiB");
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            Directory.Delete(layout, recursive: true);
        }

        var summary = $"tar layers (OCI layout through BundleBuilder): {Cases} generated cases (seed {Seed}) in {watch.Elapsed.TotalSeconds:F1} s, "
            + string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Value} {o.Key}"))
            + $", {failures.Count} failed, worst peak RSS growth {worst / 1024} MiB";
        log.WriteLine(summary);
        foreach (var (reason, count) in reasons.OrderByDescending(r => r.Value))
        {
            log.WriteLine($"  refused {count}x: {reason}");
        }

        foreach (var failure in failures.Take(20))
        {
            log.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, summary + "\n" + string.Join('\n', failures.Take(20)));
    }

    private static List<byte[]> Seeds()
    {
        var layers = TestImages.TwoLayers().Select(l => l.ToTar()).ToList();
        layers.Add(new LayerBuilder()
            .Directory("a")
            .File("a/" + new string('n', 200) + "/file", [1, 2, 3])
            .Symlink("a/link", "file")
            .Raw(TestImages.Entry(TarEntryType.HardLink, "a/hard", link: "a/" + new string('n', 200) + "/file"))
            .File("a/big", new byte[5000])
            .ToTar());
        return layers;
    }

    private (LayerBlob Blob, string What) Mutate(byte[] tar)
    {
        var what = new List<string>();
        var bytes = tar.ToArray();
        for (var n = 1 + random.Next(3); n > 0; n--)
        {
            switch (random.Next(7))
            {
                case 0:
                    bytes = bytes[..random.Next(bytes.Length)];
                    what.Add("truncate");
                    break;
                case 1:
                    for (var k = 1 + random.Next(8); k > 0 && bytes.Length > 0; k--)
                    {
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    }

                    what.Add("byte-flip");
                    break;
                case 2:
                    what.Add(RewriteHeader(bytes));
                    break;
                case 3:
                    bytes = Insert(bytes, MetadataHeader(random.Next(2) == 0 ? 'L' : 'x', random.Next(3) == 0 ? 2 << 20 : random.Next(1, 70_000)));
                    what.Add("metadata-header");
                    break;
                case 4:
                    bytes = Insert(bytes, bytes[..Math.Min(bytes.Length, 512 * (1 + random.Next(4)))]);
                    what.Add("duplicate-entries");
                    break;
                case 5:
                    bytes = Insert(bytes, Header(Names[random.Next(Names.Length)], TypeFlags[random.Next(TypeFlags.Length)], random.Next(3) == 0 ? random.Next(1, 1024) : 0));
                    what.Add("hostile-entry");
                    break;
                default:
                    bytes = [.. bytes, .. new byte[512 * random.Next(1, 4)], .. Encoding.ASCII.GetBytes("garbage after the end")];
                    what.Add("trailing-garbage");
                    break;
            }
        }

        var diffId = Digest.Of(bytes);
        if (random.Next(3) != 0)
        {
            return (new LayerBlob(bytes, diffId, Gzip: false), string.Join('+', what));
        }

        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zip.Write(bytes);
        }

        var gz = compressed.ToArray();
        if (random.Next(3) == 0)
        {
            gz = gz[..random.Next(gz.Length)];
            what.Add("gzip-truncated");
        }

        return (new LayerBlob(gz, diffId, Gzip: true), string.Join('+', what) + "+gzip");
    }

    /// <summary>Rewrites one field of one header block and fixes its checksum, so the reader gets past the checksum.</summary>
    private string RewriteHeader(byte[] bytes)
    {
        var blocks = bytes.Length / 512;
        if (blocks == 0)
        {
            return "rewrite-none";
        }

        var at = random.Next(blocks) * 512;
        var block = bytes.AsSpan(at, 512);
        string field;
        switch (random.Next(4))
        {
            case 0:
                var sizes = new[] { "77777777777\0", "00000001000\0", "-1\0", "1e9\0", "99999999999\0" };
                Encoding.ASCII.GetBytes(sizes[random.Next(sizes.Length)]).CopyTo(block[124..]);
                field = "size";
                break;
            case 1:
                block[124] = 0xff; // base-256, all ones: a size past any limit
                block[125..136].Fill(0xff);
                field = "size-base256";
                break;
            case 2:
                block[156] = (byte)TypeFlags[random.Next(TypeFlags.Length)];
                field = "typeflag";
                break;
            default:
                block[..100].Clear();
                var name = Encoding.UTF8.GetBytes(Names[random.Next(Names.Length)]);
                name.AsSpan(0, Math.Min(100, name.Length)).CopyTo(block);
                field = "name";
                break;
        }

        Checksum(block);
        return "header-" + field;
    }

    private byte[] Insert(byte[] bytes, byte[] insert)
    {
        var at = random.Next(bytes.Length / 512 + 1) * 512;
        return [.. bytes.AsSpan(0, at), .. insert, .. bytes.AsSpan(at)];
    }

    private static byte[] MetadataHeader(char type, int size)
    {
        var data = new byte[(size + 511) / 512 * 512];
        if (type == 'x')
        {
            var prefix = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{size} path="));
            Array.Fill(data, (byte)'p', 0, size);
            prefix.CopyTo(data, 0);
            data[size - 1] = (byte)'\n';
        }
        else
        {
            Array.Fill(data, (byte)'n', 0, size);
        }

        return [.. Header(type == 'x' ? "PaxHeaders/x" : "././@LongLink", type, size), .. data];
    }

    private static byte[] Header(string name, char type, long size)
    {
        var block = new byte[512];
        var nameBytes = Encoding.UTF8.GetBytes(name);
        nameBytes.AsSpan(0, Math.Min(100, nameBytes.Length)).CopyTo(block);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(block, 100);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(block, 108);
        Encoding.ASCII.GetBytes("0000000\0").CopyTo(block, 116);
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(block, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(block, 136);
        block[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar\000").CopyTo(block, 257);
        Checksum(block);
        var data = new byte[(size + 511) / 512 * 512];
        return [.. block, .. data];
    }

    private static void Checksum(Span<byte> block)
    {
        block.Slice(148, 8).Fill((byte)' ');
        var sum = 0;
        foreach (var b in block)
        {
            sum += b;
        }

        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block[148..]);
    }

    private static long ResetPeakKb()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Status("VmRSS:");
    }

    private static long PeakKb() => Status("VmHWM:");

    private static long Status(string field) =>
        long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

using System.Formats.Tar;
using System.IO.Compression;

namespace Palisade.Sandbox.Images;

/// <summary>Builds a layer tar with fixed timestamps and owners, so the same input always gives the same digest.</summary>
internal sealed class LayerBuilder
{
    private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<TarEntry> entries = [];

    public LayerBuilder Directory(string path, UnixFileMode mode = (UnixFileMode)0b111_101_101)
    {
        entries.Add(Entry(TarEntryType.Directory, path.TrimEnd('/') + "/", mode));
        return this;
    }

    public LayerBuilder File(string path, byte[] content, UnixFileMode mode = (UnixFileMode)0b110_100_100)
    {
        var entry = Entry(TarEntryType.RegularFile, path, mode);
        entry.DataStream = new MemoryStream(content, writable: false);
        entries.Add(entry);
        return this;
    }

    public LayerBuilder Symlink(string path, string target)
    {
        var entry = Entry(TarEntryType.SymbolicLink, path, (UnixFileMode)0b111_111_111);
        entry.LinkName = target;
        entries.Add(entry);
        return this;
    }

    /// <summary>Adds an entry built by the caller (tests use this for hostile entries).</summary>
    public LayerBuilder Raw(TarEntry entry)
    {
        entries.Add(entry);
        return this;
    }

    public byte[] ToTar()
    {
        using var output = new MemoryStream();
        using (var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
        }

        return output.ToArray();
    }

    public LayerBlob Build(bool gzip = true)
    {
        var tar = ToTar();
        if (!gzip)
        {
            return new LayerBlob(tar, Digest.Of(tar), Gzip: false);
        }

        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zip.Write(tar);
        }

        return new LayerBlob(compressed.ToArray(), Digest.Of(tar), Gzip: true);
    }

    private static PaxTarEntry Entry(TarEntryType type, string path, UnixFileMode mode) =>
        new(type, path, new Dictionary<string, string>())
        {
            Mode = mode,
            ModificationTime = FixedTime,
            Uid = 0,
            Gid = 0,
        };
}

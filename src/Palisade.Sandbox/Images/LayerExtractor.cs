using System.Formats.Tar;
using System.Runtime.Versioning;

namespace Palisade.Sandbox.Images;

/// <summary>
/// Applies image layers onto a rootfs the way a container runtime would, but defensively:
/// no entry may leave the root, nothing is written through a symbolic link, special files are
/// skipped, set-id bits are dropped and the total size is bounded.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class LayerExtractor(string root, ExtractionBudget budget, bool allowLinks = true)
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private const UnixFileMode SetIdBits = UnixFileMode.SetUser | UnixFileMode.SetGroup;

    private readonly HashSet<string> writtenThisLayer = new(StringComparer.Ordinal);

    public int SkippedSpecialFiles { get; private set; }

    public int StrippedSetIdBits { get; private set; }

    /// <param name="source">Names the layer (its digest) or archive in every error message.</param>
    public void Apply(Stream tar, string source, CancellationToken ct)
    {
        writtenThisLayer.Clear();
        using var reader = new TarReader(tar);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            TarEntry? entry;
            try
            {
                entry = reader.GetNextEntry();
            }
            catch (Exception ex) when (ex is InvalidDataException or FormatException or EndOfStreamException)
            {
                throw new BundleException($"{source}: corrupt tar data ({ex.Message.ReplaceLineEndings(" ")})", ex);
            }

            if (entry is null)
            {
                return;
            }

            budget.AddEntry(source, entry.Name);
            try
            {
                ApplyEntry(entry, source);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                throw new BundleException($"{source}: entry '{entry.Name}': {ex.Message.ReplaceLineEndings(" ")}", ex);
            }
        }
    }

    private void ApplyEntry(TarEntry entry, string source)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
        {
            return;
        }

        var parts = RootfsPath.Split(entry.Name, out var problem);
        if (problem is not null)
        {
            throw Refuse(source, entry, problem);
        }

        if (parts is null)
        {
            return; // "./": the root itself; its mode is ours to choose.
        }

        var name = parts[^1];
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(entry, source, parts);
            return;
        }

        var path = RootfsPath.ResolveNoFollow(root, parts, createParents: true, out problem)
            ?? throw Refuse(source, entry, problem!);
        var relative = string.Join('/', parts);

        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                WriteDirectory(path, Mode(entry));
                break;
            case TarEntryType.RegularFile:
            case TarEntryType.V7RegularFile:
            case TarEntryType.ContiguousFile:
                budget.AddBytes(entry.Length, source, entry.Name);
                RootfsPath.Remove(path);
                WriteFile(path, entry.DataStream, Mode(entry), entry.ModificationTime);
                break;
            case TarEntryType.SymbolicLink when allowLinks:
                if (entry.LinkName.Length == 0)
                {
                    throw Refuse(source, entry, "symbolic link with an empty target");
                }

                if (!RootfsPath.LinkStaysInside(parts, entry.LinkName))
                {
                    throw Refuse(source, entry, $"symbolic link target '{entry.LinkName}' leaves the root");
                }

                RootfsPath.Remove(path);
                File.CreateSymbolicLink(path, entry.LinkName);
                break;
            case TarEntryType.HardLink when allowLinks:
                WriteHardLinkCopy(entry, source, path);
                break;
            default:
                SkippedSpecialFiles++;
                return;
        }

        writtenThisLayer.Add(relative);
    }

    /// <summary>Deletes what a whiteout hides; a whiteout for a folder lower layers never made has nothing to do.</summary>
    private void ApplyWhiteout(TarEntry entry, string source, string[] parts)
    {
        var path = RootfsPath.ResolveNoFollow(root, parts, createParents: false, out var problem);
        if (path is null)
        {
            if (problem is not null && problem.Contains("symbolic link", StringComparison.Ordinal))
            {
                throw Refuse(source, entry, problem);
            }

            return;
        }

        var directory = Path.GetDirectoryName(path)!;
        if (parts[^1] == OpaqueMarker)
        {
            MakeOpaque(directory, string.Join('/', parts.Take(parts.Length - 1)));
            return;
        }

        var hidden = parts[^1][WhiteoutPrefix.Length..];
        if (hidden is "" or "." or "..")
        {
            throw Refuse(source, entry, "malformed whiteout");
        }

        RootfsPath.Remove(Path.Combine(directory, hidden));
    }

    /// <summary>Hard links become copies: no link syscall is needed, and a later write to one name cannot change another.</summary>
    private void WriteHardLinkCopy(TarEntry entry, string source, string path)
    {
        var targetParts = RootfsPath.Split(entry.LinkName, out var problem);
        if (problem is not null || targetParts is null)
        {
            throw Refuse(source, entry, $"hard link target '{entry.LinkName}': {problem ?? "is the root"}");
        }

        var target = RootfsPath.ResolveNoFollow(root, targetParts, createParents: false, out problem);
        if (target is null || RootfsPath.Lstat(target) != RootfsPath.NodeKind.File)
        {
            throw Refuse(source, entry, $"hard link target '{entry.LinkName}' is not a regular file in the image{(problem is null ? "" : ": " + problem)}");
        }

        if (string.Equals(target, path, StringComparison.Ordinal))
        {
            return;
        }

        var length = new FileInfo(target).Length;
        budget.AddBytes(length, source, entry.Name);
        var mode = File.GetUnixFileMode(target);
        RootfsPath.Remove(path);
        using var input = new FileStream(target, FileMode.Open, FileAccess.Read);
        WriteFile(path, input, mode, File.GetLastWriteTimeUtc(target));
    }

    private static void WriteFile(string path, Stream? data, UnixFileMode mode, DateTimeOffset modified)
    {
        // CreateNew (O_EXCL) refuses to open an existing name, so a symbolic link planted there is never followed.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = mode };
        using (var output = new FileStream(path, options))
        {
            data?.CopyTo(output);
        }

        File.SetUnixFileMode(path, mode);
        try
        {
            File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A timestamp the file system cannot store is not worth failing the image for.
        }
    }

    private static void WriteDirectory(string path, UnixFileMode mode)
    {
        if (RootfsPath.Lstat(path) != RootfsPath.NodeKind.Directory)
        {
            RootfsPath.Remove(path);
            Directory.CreateDirectory(path);
        }

        File.SetUnixFileMode(path, mode);
    }

    /// <summary>Removes what lower layers put in the folder; what this layer wrote stays.</summary>
    private void MakeOpaque(string directory, string relative)
    {
        foreach (var child in Directory.EnumerateFileSystemEntries(directory))
        {
            var childRelative = relative.Length == 0 ? Path.GetFileName(child) : relative + "/" + Path.GetFileName(child);
            if (!writtenThisLayer.Contains(childRelative))
            {
                RootfsPath.Remove(child);
            }
            else if (RootfsPath.Lstat(child) == RootfsPath.NodeKind.Directory)
            {
                MakeOpaque(child, childRelative);
            }
        }
    }

    private UnixFileMode Mode(TarEntry entry)
    {
        var mode = entry.Mode;
        if ((mode & SetIdBits) != 0)
        {
            StrippedSetIdBits++;
            mode &= ~SetIdBits;
        }

        return mode;
    }

    private static BundleException Refuse(string source, TarEntry entry, string problem) =>
        new($"{source}: entry '{entry.Name}' refused: {problem}");
}

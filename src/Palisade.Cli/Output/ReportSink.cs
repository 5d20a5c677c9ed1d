using Palisade.Core.Files;
using System.Security.Cryptography;

namespace Palisade.Cli.Output;

/// <summary>
/// The one way a command writes a file the user named. The target's symbolic links are resolved once and the real file
/// is written; a regular file is written beside it under an exclusive random name and renamed into place (readers never
/// see half a file, and nothing planted at the temporary name is followed); a character device or FIFO is written in
/// place; a block device, socket or folder is refused. An existing file is only replaced with <c>--force</c>, and never
/// when it is the same file (device and inode, however reached: a symbolic link, <c>-</c>, <c>/dev/stdin</c>, a hard
/// link, a folder that holds it) as one of the command's inputs.
/// </summary>
internal static class ReportSink
{
    private static readonly AsyncLocal<HashSet<FileIdentity>?> Protected = new();

    public static void EnsureWritable(FileInfo? output, bool force, IEnumerable<string> inputs)
    {
        var identities = InputIdentities(inputs);
        Protected.Value = identities;
        if (output is null)
        {
            return;
        }

        var target = Resolve(output.FullName);
        var existing = FileIdentity.Of(target);
        if (existing is { } node)
        {
            if (identities.Any(node.SameNode))
            {
                throw new UsageException($"{output}: refusing to write the report over one of the inputs");
            }

            switch (node.Type)
            {
                case FileIdentity.NodeType.Directory:
                    throw new UsageException($"{output}: is a directory; give a file name for --output");
                case FileIdentity.NodeType.BlockDevice or FileIdentity.NodeType.Socket:
                    throw new UsageException($"{output}: is a {(node.Type == FileIdentity.NodeType.Socket ? "socket" : "block device")}; refusing to write a report into it");
                case FileIdentity.NodeType.Regular when !force:
                    throw new UsageException($"{output}: already exists; use --force to overwrite it");
            }
        }

        var dir = Path.GetDirectoryName(target);
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new UsageException($"{output}: directory {dir} does not exist");
        }
    }

    /// <summary>Writes via <paramref name="write"/> to the file, or to <paramref name="stdout"/> when there is none.</summary>
    public static async Task WriteAsync(FileInfo? output, TextWriter stdout, Action<Stream> write)
    {
        if (output is null)
        {
            using var buffer = new MemoryStream();
            write(buffer);
            buffer.Position = 0;
            using var reader = new StreamReader(buffer);
            await stdout.WriteAsync(await reader.ReadToEndAsync().ConfigureAwait(false)).ConfigureAwait(false);
            await stdout.WriteLineAsync().ConfigureAwait(false);
            await stdout.FlushAsync().ConfigureAwait(false);
            return;
        }

        WriteFileAtomically(output.FullName, write);
    }

    /// <summary>Writes the file <paramref name="path"/> names (after its symbolic links) as described above.</summary>
    public static void WriteFileAtomically(string path, Action<Stream> write)
    {
        var target = Resolve(path);
        var existing = FileIdentity.Of(target);
        if (existing is { } node && Protected.Value is { } inputs && inputs.Any(node.SameNode))
        {
            throw new UsageException($"{path}: refusing to write over one of the inputs");
        }

        try
        {
            switch (existing?.Type)
            {
                case FileIdentity.NodeType.CharDevice or FileIdentity.NodeType.Fifo:
                    using (var device = new FileStream(target, FileMode.Open, FileAccess.Write))
                    {
                        write(device);
                    }

                    return;
                case FileIdentity.NodeType.Directory or FileIdentity.NodeType.BlockDevice or FileIdentity.NodeType.Socket:
                    throw new UsageException($"{path}: is not a regular file; refusing to replace it");
            }

            ReplaceRegular(target, existing is not null, write);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"{path}: cannot write: {e.Message}");
        }
    }

    /// <summary>Copies <paramref name="path"/> (after its links) to the first free FILE.bak, FILE.bak.1, ... and returns that name.</summary>
    public static string Backup(string path)
    {
        var source = Resolve(path);
        for (var n = 0; ; n++)
        {
            var name = n == 0 ? source + ".bak" : $"{source}.bak.{n}";
            try
            {
                using var input = new FileStream(source, FileMode.Open, FileAccess.Read);
                using var output = new FileStream(name, Exclusive(UnixFileMode.UserRead | UnixFileMode.UserWrite));
                input.CopyTo(output);
                return name;
            }
            catch (IOException) when (Path.Exists(name) || FileIdentity.OfLink(name) is not null)
            {
                // Taken (a file, or anything planted there): try the next number.
            }
        }
    }

    /// <summary>The path after its symbolic links, resolved once; the same path when it is not a link.</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full);
        var real = dir is null ? full : Path.Combine(RealFolder(dir), Path.GetFileName(full));
        if (FileIdentity.OfLink(real)?.Type != FileIdentity.NodeType.Symlink)
        {
            return real;
        }

        var final = File.ResolveLinkTarget(real, returnFinalTarget: true);
        return final is null ? real : Resolve(final.FullName);
    }

    private static string RealFolder(string dir)
    {
        try
        {
            var link = Directory.ResolveLinkTarget(dir, returnFinalTarget: true);
            if (link is not null)
            {
                return RealFolder(link.FullName);
            }
        }
        catch (IOException)
        {
            return dir;
        }

        var parent = Path.GetDirectoryName(dir);
        return parent is null ? dir : Path.Combine(RealFolder(parent), Path.GetFileName(dir));
    }

    private static void ReplaceRegular(string target, bool exists, Action<Stream> write)
    {
        var dir = Path.GetDirectoryName(target)!;
        var temp = Path.Combine(dir, $".{Path.GetFileName(target)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        var mode = exists && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(target) : (UnixFileMode)0b110_100_100;
        try
        {
            using (var file = new FileStream(temp, Exclusive(mode)))
            {
                write(file);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (FileIdentity.OfLink(temp)?.Type == FileIdentity.NodeType.Regular)
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Create-new (O_EXCL: a link planted at the name is never followed) with the given mode.</summary>
    private static FileStreamOptions Exclusive(UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        return options;
    }

    private static HashSet<FileIdentity> InputIdentities(IEnumerable<string> inputs)
    {
        var set = new HashSet<FileIdentity>();
        foreach (var input in inputs)
        {
            if (input == "-")
            {
                Add(set, FileIdentity.OfDescriptor(0));
                continue;
            }

            var node = FileIdentity.Of(input);
            Add(set, node);
            if (node?.Type == FileIdentity.NodeType.Directory)
            {
                var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
                foreach (var file in Directory.EnumerateFiles(input, "*", options))
                {
                    Add(set, FileIdentity.Of(file));
                }
            }
        }

        return set;
    }

    private static void Add(HashSet<FileIdentity> set, FileIdentity? node)
    {
        if (node is { } n)
        {
            set.Add(n with { Type = FileIdentity.NodeType.Regular });
        }
    }
}

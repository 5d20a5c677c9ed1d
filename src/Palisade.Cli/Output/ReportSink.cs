namespace Palisade.Cli.Output;

/// <summary>
/// Where a report goes: standard output, or a file given with <c>--output</c>. A file is written beside its final name
/// and moved into place, so an interrupted run never leaves half a report; an existing file is only replaced with
/// <c>--force</c>, and never when it is one of the command's inputs.
/// </summary>
internal static class ReportSink
{
    public static void EnsureWritable(FileInfo? output, bool force, IEnumerable<string> inputs)
    {
        if (output is null)
        {
            return;
        }

        var full = output.FullName;
        if (inputs.Any(i => i != "-" && string.Equals(Path.GetFullPath(i), full, StringComparison.Ordinal)))
        {
            throw new UsageException($"{output}: refusing to write the report over one of the inputs");
        }

        if (Directory.Exists(full))
        {
            throw new UsageException($"{output}: is a directory; give a file name for --output");
        }

        if (output.Exists && !force)
        {
            throw new UsageException($"{output}: already exists; use --force to overwrite it");
        }

        var dir = Path.GetDirectoryName(full);
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

    /// <summary>Writes beside <paramref name="path"/> and renames into place: readers never see half a file.</summary>
    public static void WriteFileAtomically(string path, Action<Stream> write)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = File.Create(temp))
            {
                write(file);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

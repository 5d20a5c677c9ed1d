namespace Palisade.Core.Files;

/// <summary>
/// Every read of a file, stream or request stops one byte past its limit: a link to <c>/dev/zero</c>, a sparse 3 GB
/// file or an endless pipe costs at most the limit in memory, never the whole input.
/// </summary>
public static class BoundedRead
{
    /// <summary>The bytes of <paramref name="path"/> (a file, pipe or device), or an <see cref="InputTooLargeException"/>.</summary>
    public static byte[] File(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        return Stream(stream, limit, path);
    }

    /// <summary>The text of <paramref name="path"/> as UTF-8, within <paramref name="limit"/> bytes.</summary>
    public static string Text(string path, long limit) => System.Text.Encoding.UTF8.GetString(File(path, limit));

    public static byte[] Stream(Stream stream, long limit, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw new InputTooLargeException(name, limit);
            }
        }

        return buffer.ToArray();
    }

    public static async Task<byte[]> StreamAsync(Stream stream, long limit, string name, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw new InputTooLargeException(name, limit);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Text from a reader, at most <paramref name="limit"/> characters.</summary>
    public static async Task<string> TextAsync(TextReader reader, long limit, string name, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var text = new System.Text.StringBuilder();
        var chunk = new char[64 * 1024];
        int read;
        while ((read = await reader.ReadAsync(chunk, cancel).ConfigureAwait(false)) > 0)
        {
            text.Append(chunk, 0, read);
            if (text.Length > limit)
            {
                throw new InputTooLargeException(name, limit);
            }
        }

        return text.ToString();
    }
}

/// <summary>An input over its size limit; an <see cref="IOException"/> so every "cannot read" path reports it in one line.</summary>
public sealed class InputTooLargeException(string name, long limit)
    : IOException(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name}: over the {FormatLimit(limit)} limit"))
{
    private static string FormatLimit(long limit) =>
        limit >= 1024 * 1024 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{limit / (1024.0 * 1024.0):0.#} MiB")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{limit} byte");
}

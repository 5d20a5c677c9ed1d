namespace Palisade.Sandbox.Runtimes;

/// <summary>Captured output: the kept bytes as UTF-8 text, and whether anything was dropped.</summary>
internal sealed record CappedText(string Text, bool Truncated);

/// <summary>
/// Drains a process's output stream to the end, keeping only the first <c>limit</c> bytes, so a chatty workload
/// can neither fill memory nor block on a full pipe.
/// </summary>
internal static class CappedStreamReader
{
    public static async Task<CappedText> ReadAllAsync(Stream stream, long limit)
    {
        using var kept = new MemoryStream();
        var truncated = false;
        var buffer = new byte[81920];
        int read;
        // No cancellation token: the stream ends when the process tree is gone, which the caller guarantees.
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            var room = Math.Max(0, limit - kept.Length);
            var take = (int)Math.Min(room, read);
            if (take > 0)
            {
                kept.Write(buffer, 0, take);
            }

            truncated |= take < read;
        }

        return new CappedText(System.Text.Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length), truncated);
    }
}

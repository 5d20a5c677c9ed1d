using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Palisade.Core.Manifests;

/// <summary>Turns file bytes into text, or explains in one line why they are not UTF-8 manifest text.</summary>
internal static class InputDecoder
{
    public static string? Decode(ReadOnlySpan<byte> bytes, out string? error)
    {
        error = null;
        var bomLength = 0;
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
        {
            bytes = bytes[3..];
            bomLength = 3;
        }
        else if (bytes is [0xFF, 0xFE, 0x00, 0x00, ..] or [0x00, 0x00, 0xFE, 0xFF, ..])
        {
            error = "UTF-32 text is not supported (byte-order mark found); save the file as UTF-8";
            return null;
        }
        else if (bytes is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            error = "UTF-16 text is not supported (byte-order mark found); save the file as UTF-8";
            return null;
        }

        if (!Utf8.IsValid(bytes))
        {
            error = $"not UTF-8 text (invalid byte at offset {InvalidOffset(bytes) + bomLength})";
            return null;
        }

        var nul = bytes.IndexOf((byte)0);
        if (nul >= 0)
        {
            error = $"binary file, not text (NUL byte at offset {nul})";
            return null;
        }

        return Encoding.UTF8.GetString(bytes);
    }

    public static string SizeError(long bytes, long limit) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"file is {Math.Round(bytes / (1024.0 * 1024.0))} MB, over the {Math.Round(limit / (1024.0 * 1024.0))} MB limit");

    private static int InvalidOffset(ReadOnlySpan<byte> bytes)
    {
        var buffer = ArrayPool<char>.Shared.Rent(Math.Min(bytes.Length, 64 * 1024));
        try
        {
            var offset = 0;
            while (true)
            {
                var status = Utf8.ToUtf16(bytes[offset..], buffer, out var read, out _, replaceInvalidSequences: false);
                offset += read;
                if (status != System.Buffers.OperationStatus.DestinationTooSmall)
                {
                    return offset;
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}

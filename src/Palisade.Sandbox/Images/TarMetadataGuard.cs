using System.Buffers.Text;
using System.Globalization;

namespace Palisade.Sandbox.Images;

/// <summary>
/// A read-only pass-through in front of <see cref="System.Formats.Tar.TarReader"/> that follows the tar headers going
/// by and refuses a metadata entry (GNU long name 'L', long link 'K', PAX 'x' and global 'g' records) larger than
/// <see cref="MaxMetadataBytes"/> before the reader sees it: the reader keeps such an entry whole in memory, so a
/// 1.5 MB gzip layer holding a 1.5 GiB long name would otherwise cost 1.5 GiB. A PAX <c>size</c> record is honoured
/// for the entry it precedes, so the headers stay in step with the reader's.
/// </summary>
internal sealed class TarMetadataGuard(Stream inner) : Stream
{
    /// <summary>Per metadata entry; a real long name or xattr set is a few KiB.</summary>
    public const int MaxMetadataBytes = 1 << 20;

    private const int Block = 512;

    private readonly byte[] header = new byte[Block];
    private int headerFill;
    private long remaining;
    private long dataLeft;
    private MemoryStream? pax;
    private long? nextSize;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Observe(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Observe(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            pax?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        while (bytes.Length > 0)
        {
            if (remaining > 0)
            {
                var take = (int)Math.Min(remaining, bytes.Length);
                if (pax is not null && dataLeft > 0)
                {
                    pax.Write(bytes[..(int)Math.Min(take, dataLeft)]);
                }

                dataLeft -= take;
                remaining -= take;
                bytes = bytes[take..];
                if (remaining == 0 && pax is not null)
                {
                    nextSize = PaxSize(pax.ToArray()) ?? nextSize;
                    pax.Dispose();
                    pax = null;
                }

                continue;
            }

            var fill = Math.Min(Block - headerFill, bytes.Length);
            bytes[..fill].CopyTo(header.AsSpan(headerFill));
            headerFill += fill;
            bytes = bytes[fill..];
            if (headerFill == Block)
            {
                headerFill = 0;
                OnHeader();
            }
        }
    }

    private void OnHeader()
    {
        if (header.AsSpan().IndexOfAnyExcept((byte)0) < 0)
        {
            return; // An end-of-archive block: no data follows.
        }

        var type = (char)header[156];
        var size = Size(header.AsSpan(124, 12));
        var kind = type switch
        {
            'L' => "GNU long name",
            'K' => "GNU long link name",
            'x' => "PAX extended header",
            'g' => "PAX global header",
            _ => null,
        };
        if (kind is null)
        {
            size = nextSize ?? size;
            nextSize = null;
        }
        else if (size > MaxMetadataBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"a {kind} of {size} bytes; Palisade reads at most {MaxMetadataBytes} bytes of tar metadata per entry (a real name or attribute set is a few KiB)"));
        }

        if (type == 'x')
        {
            pax = new MemoryStream((int)size);
        }

        dataLeft = size;
        remaining = (size + Block - 1) / Block * Block;
        if (remaining == 0 && pax is not null)
        {
            pax.Dispose();
            pax = null;
        }
    }

    /// <summary>The size field: octal text, or base-256 when the top bit of the first byte is set (GNU).</summary>
    private static long Size(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            long value = field[0] & 0x7f;
            foreach (var b in field[1..])
            {
                if (value > (long.MaxValue >> 8))
                {
                    throw new InvalidDataException("a tar entry size beyond any file system's limit");
                }

                value = (value << 8) | b;
            }

            return value;
        }

        var text = field.Trim((byte)0).Trim((byte)' ').Trim((byte)0);
        long octal = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'7' || octal > (long.MaxValue >> 3))
            {
                throw new InvalidDataException("a tar header whose size field is not an octal number");
            }

            octal = (octal << 3) | (long)(b - '0');
        }

        return octal;
    }

    /// <summary>The <c>size</c> record of PAX data ("LEN key=value\n" records), or null.</summary>
    private static long? PaxSize(ReadOnlySpan<byte> records)
    {
        long? size = null;
        while (records.Length > 0)
        {
            var space = records.IndexOf((byte)' ');
            if (space <= 0 || !Utf8Parser.TryParse(records[..space], out int length, out var used) || used != space || length <= space || length > records.Length)
            {
                return size; // Malformed: the reader refuses it.
            }

            var record = records[(space + 1)..length];
            if (record.StartsWith("size="u8) && Utf8Parser.TryParse(record[5..].TrimEnd((byte)'\n'), out long value, out _))
            {
                size = value;
            }

            records = records[length..];
        }

        return size;
    }
}

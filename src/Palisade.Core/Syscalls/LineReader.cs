namespace Palisade.Core.Syscalls;

/// <summary>
/// Reads lines from a <see cref="TextReader"/> into one reusable buffer and hands them out as spans,
/// so parsing allocates nothing per line. Lines longer than the cap are dropped and reported.
/// </summary>
internal sealed class LineReader
{
    private readonly TextReader _reader;
    private readonly int _maxLineLength;
    private char[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private bool _eof;
    private bool _discarding;

    public LineReader(TextReader reader, int maxLineLength = 1 << 20, int initialBuffer = 64 * 1024)
    {
        _reader = reader;
        _maxLineLength = Math.Max(16, maxLineLength);
        _buffer = new char[Math.Clamp(initialBuffer, 16, _maxLineLength)];
    }

    /// <summary>Next line without its end-of-line; <paramref name="overlong"/> marks a line that was cut away.</summary>
    public bool TryReadLine(out ReadOnlySpan<char> line, out bool overlong)
    {
        while (true)
        {
            var pending = _buffer.AsSpan(_scanned, _end - _scanned);
            var newline = pending.IndexOf('\n');
            if (newline >= 0)
            {
                var stop = _scanned + newline;
                line = TrimCarriageReturn(_buffer.AsSpan(_start, stop - _start));
                overlong = _discarding;
                if (_discarding)
                {
                    line = default;
                    _discarding = false;
                }

                _start = stop + 1;
                _scanned = _start;
                return true;
            }

            _scanned = _end;
            if (_eof)
            {
                if (_start < _end || _discarding)
                {
                    line = _discarding ? default : TrimCarriageReturn(_buffer.AsSpan(_start, _end - _start));
                    overlong = _discarding;
                    _discarding = false;
                    _start = _end;
                    _scanned = _end;
                    return true;
                }

                line = default;
                overlong = false;
                return false;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            var keep = _end - _start;
            Array.Copy(_buffer, _start, _buffer, 0, keep);
            _end = keep;
            _scanned -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= _maxLineLength)
            {
                // The line in hand is too long to keep: drop what we have, remember to drop the rest.
                _discarding = true;
                _end = 0;
                _scanned = 0;
            }
            else
            {
                Array.Resize(ref _buffer, Math.Min(_maxLineLength, _buffer.Length * 2));
            }
        }

        var read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0)
        {
            _eof = true;
        }
        else
        {
            _end += read;
        }
    }

    private static ReadOnlySpan<char> TrimCarriageReturn(ReadOnlySpan<char> line) =>
        line.Length > 0 && line[^1] == '\r' ? line[..^1] : line;
}

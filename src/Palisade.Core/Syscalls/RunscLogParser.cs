namespace Palisade.Core.Syscalls;

/// <summary>
/// Reads runsc <c>--debug --strace</c> logs (the <c>*.boot.txt</c> file): counts each syscall on its exit
/// (<c>X</c>) line with its errno, and collects <c>Unsupported syscall NAME(...)</c> reports.
/// Other log lines (and continuation lines of multi-line messages) are ignored; malformed strace lines are
/// skipped and counted.
/// </summary>
public static class RunscLogParser
{
    public const int DefaultRecentFailures = 64;

    public static SyscallTrace Parse(TextReader reader, int recentFailures = DefaultRecentFailures)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var builder = new TraceBuilder(recentFailures);
        var lines = new LineReader(reader);
        while (lines.TryReadLine(out var line, out var overlong))
        {
            builder.LinesRead++;
            if (overlong || !ParseLine(line, builder))
            {
                builder.SkippedLines++;
            }
        }

        return builder.Build();
    }

    public static SyscallTrace Parse(Stream stream, int recentFailures = DefaultRecentFailures)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return Parse(reader, recentFailures);
    }

    /// <summary>False when the line cannot be read; true when it was used or is a log line of no interest.</summary>
    private static bool ParseLine(ReadOnlySpan<char> line, TraceBuilder builder)
    {
        if (line.IsWhiteSpace())
        {
            return true;
        }

        // glog header: "I1123 10:49:35.474183    8384 strace.go:599] message"
        // Anything else continues a multi-line message (runsc prints the OCI spec as JSON): not ours.
        if (line.Length < 6 || "IWEFD".IndexOf(line[0]) < 0 || !char.IsAsciiDigit(line[1]))
        {
            return true;
        }

        var close = line.IndexOf("] ");
        if (close < 0)
        {
            return true;
        }

        var header = line[..close];
        var message = line[(close + 2)..];
        if (HasSource(header, "strace.go:"))
        {
            return ParseStrace(message, builder);
        }

        if (HasSource(header, "compat.go:"))
        {
            const string Marker = "Unsupported syscall ";
            if (message.StartsWith(Marker, StringComparison.Ordinal))
            {
                var rest = message[Marker.Length..];
                var length = SpanText.NameLength(rest);
                if (length == 0)
                {
                    return false;
                }

                builder.Unsupported(rest[..length]);
            }
        }

        return true;
    }

    private static bool HasSource(ReadOnlySpan<char> header, string file)
    {
        var space = header.LastIndexOf(' ');
        return space >= 0 && header[(space + 1)..].StartsWith(file, StringComparison.Ordinal);
    }

    // "[   1:   1] sh X brk(0x0) = 6209536 (0x5ec000) errno=2 (no such file or directory) (32.923µs)"
    private static bool ParseStrace(ReadOnlySpan<char> message, TraceBuilder builder)
    {
        if (message.Length == 0 || message[0] != '[')
        {
            return true; // strace.go also logs free text (e.g. signal notes); nothing to count.
        }

        var close = message.IndexOf(']');
        if (close < 0)
        {
            return false;
        }

        var ids = SpanText.SkipSpaces(message[1..close]);
        if (!SpanText.TryReadInt(ids, out var pid, out _))
        {
            return false;
        }

        // The command name may hold spaces, so look for " E name(" or " X name(" after it.
        var rest = message[(close + 1)..];
        var from = 0;
        while (true)
        {
            var space = rest[from..].IndexOf(' ');
            if (space < 0)
            {
                return false;
            }

            var at = from + space;
            if (at + 3 < rest.Length && (rest[at + 1] == 'X' || rest[at + 1] == 'E') && rest[at + 2] == ' ')
            {
                var call = rest[(at + 3)..];
                var nameLength = SpanText.NameLength(call);
                if (nameLength > 0 && nameLength < call.Length && call[nameLength] == '(')
                {
                    return rest[at + 1] == 'E' || ParseExit(call, nameLength, pid, builder);
                }
            }

            from = at + 1;
        }
    }

    private static bool ParseExit(ReadOnlySpan<char> call, int nameLength, int pid, TraceBuilder builder)
    {
        var result = call.LastIndexOf(") = ");
        if (result < nameLength)
        {
            return false;
        }

        string? errno = null;
        var tail = call[(result + 4)..];
        var marker = tail.IndexOf(" errno=");
        if (marker >= 0)
        {
            if (!SpanText.TryReadInt(tail[(marker + 7)..], out var number, out _))
            {
                return false;
            }

            errno = ErrnoNames.Name(number);
        }

        builder.Call(call[..nameLength], errno, pid);
        return true;
    }
}

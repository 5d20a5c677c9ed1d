namespace Palisade.Core.Syscalls;

/// <summary>Tells a runsc debug log from strace output by looking at its first lines.</summary>
public static class LogKindDetector
{
    public const int LinesToSniff = 20;

    /// <summary>Decides from the start of a log (a few KB are plenty); the first recognisable line wins.</summary>
    public static LogKind Detect(ReadOnlySpan<char> head)
    {
        var examined = 0;
        foreach (var range in head.Split('\n'))
        {
            var line = head[range].TrimEnd('\r');
            if (line.IsWhiteSpace())
            {
                continue;
            }

            if (IsGlogLine(line))
            {
                return LogKind.RunscDebug;
            }

            if (IsStraceLine(line))
            {
                return LogKind.Strace;
            }

            if (++examined >= LinesToSniff)
            {
                break;
            }
        }

        return LogKind.Unknown;
    }

    // "I1123 10:49:35.474183    8384 strace.go:599] ..."
    private static bool IsGlogLine(ReadOnlySpan<char> line) =>
        line.Length > 16
        && "IWEFD".Contains(line[0])
        && char.IsAsciiDigit(line[1]) && char.IsAsciiDigit(line[4])
        && line[5] == ' ' && line[8] == ':'
        && line.Contains("] ", StringComparison.Ordinal);

    private static bool IsStraceLine(ReadOnlySpan<char> line)
    {
        if (line.StartsWith("[pid ", StringComparison.Ordinal))
        {
            var close = line.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            line = line[(close + 1)..];
        }
        else
        {
            var digits = 0;
            while (digits < line.Length && char.IsAsciiDigit(line[digits]))
            {
                digits++;
            }

            if (digits > 0 && digits < line.Length && line[digits] == ' ')
            {
                line = line[digits..];
            }
        }

        line = SpanText.SkipSpaces(line);
        if (line.StartsWith("--- SIG", StringComparison.Ordinal) || line.StartsWith("+++ ", StringComparison.Ordinal)
            || line.StartsWith("<... ", StringComparison.Ordinal))
        {
            return true;
        }

        var name = SpanText.NameLength(line);
        return name > 0 && name < line.Length && line[name] == '(' && char.IsAsciiLetterLower(line[0])
            && (line.Contains(" = ", StringComparison.Ordinal) || line.EndsWith("<unfinished ...>", StringComparison.Ordinal));
    }
}

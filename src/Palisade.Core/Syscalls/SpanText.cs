namespace Palisade.Core.Syscalls;

/// <summary>Small span scanners shared by the trace parsers; all are bounds-checked and never throw.</summary>
internal static class SpanText
{
    /// <summary>Reads a non-negative decimal at the start; false when there is none or it overflows.</summary>
    public static bool TryReadInt(ReadOnlySpan<char> text, out int value, out int consumed)
    {
        value = 0;
        consumed = 0;
        while (consumed < text.Length && char.IsAsciiDigit(text[consumed]))
        {
            var next = (value * 10L) + (text[consumed] - '0');
            if (next > int.MaxValue)
            {
                return false;
            }

            value = (int)next;
            consumed++;
        }

        return consumed > 0;
    }

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Length of the syscall-name-like token at the start of <paramref name="text"/>.</summary>
    public static int NameLength(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && IsNameChar(text[i]))
        {
            i++;
        }

        return i;
    }

    public static ReadOnlySpan<char> SkipSpaces(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return text[i..];
    }
}

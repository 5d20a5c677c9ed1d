using System.Globalization;
using System.Text;

namespace Palisade.Core.Reports;

/// <summary>
/// Text from an input (a manifest's names and messages, a review's fields, a profile's actions) made safe to show on a
/// terminal or in a log: control characters (C0 but newline and tab, DEL, C1) and the bidirectional overrides that
/// reorder what a reader sees are shown as <c>\xNN</c> or <c>\uNNNN</c>, so an input can neither move the cursor,
/// recolour, retitle or clear the terminal nor hide text.
/// </summary>
public static class TerminalText
{
    public static bool IsUnsafe(char c) =>
        (c < ' ' && c is not '\n' and not '\t') || c is >= '\u007f' and <= '\u009f' || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069';

    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsUnsafe))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            Append(sb, c);
        }

        return sb.ToString();
    }

    public static void Append(StringBuilder sb, char c)
    {
        ArgumentNullException.ThrowIfNull(sb);
        if (!IsUnsafe(c))
        {
            sb.Append(c);
        }
        else if (c <= '\u00ff')
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }
    }
}

using System.Globalization;
using System.Text;

namespace Palisade.Core.PodSecurity.Checks;

/// <summary>Upstream's message building blocks: quoted lists, plurals, setter lists and Go-style quoting.</summary>
internal static class MessageText
{
    public static string Pluralize(string singular, string plural, int count) => count == 1 ? singular : plural;

    /// <summary>Items wrapped in plain double quotes (no escaping), joined by <c>", "</c>.</summary>
    public static string JoinQuote(IReadOnlyList<string> items)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append('"').Append(items[i]).Append('"');
        }

        return sb.ToString();
    }

    /// <summary><c>container "a"</c> or <c>containers "a", "b"</c>.</summary>
    public static string Containers(IReadOnlyList<string> names) =>
        Pluralize("container", "containers", names.Count) + " " + JoinQuote(names);

    /// <summary><c>volume "a"</c> or <c>volumes "a", "b"</c>.</summary>
    public static string Volumes(IReadOnlyList<string> names) =>
        Pluralize("volume", "volumes", names.Count) + " " + JoinQuote(names);

    /// <summary>Deduplicated and ordinally sorted copy.</summary>
    public static List<string> SortedDistinct(IEnumerable<string> items)
    {
        var set = new SortedSet<string>(items, StringComparer.Ordinal);
        return [.. set];
    }

    /// <summary>Setter list: <c>pod</c>, then the container list, joined by <c>" and "</c>.</summary>
    public static string Setters(bool pod, IReadOnlyList<string>? containers)
    {
        var hasContainers = containers is { Count: > 0 };
        if (pod && hasContainers)
        {
            return "pod and " + Containers(containers!);
        }

        return pod ? "pod" : Containers(containers!);
    }

    /// <summary><c>key=%q(value)</c>, as upstream renders a forbidden annotation.</summary>
    public static string KeyValue(string key, string value) => key + "=" + GoQuote(value);

    /// <summary>Go's <c>%q</c>: double quotes, with backslash escapes for quotes, backslashes and non-printable runes.</summary>
    public static string GoQuote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
                default: break;
            }

            if (IsPrintable(rune))
            {
                sb.Append(rune.ToString());
            }
            else if (rune.Value < 0x80)
            {
                sb.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture));
            }
            else if (rune.Value <= 0xFFFF)
            {
                sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append("\\U").Append(rune.Value.ToString("x8", CultureInfo.InvariantCulture));
            }
        }

        sb.Append('"');
        return sb.ToString();
    }

    /// <summary>RFC 6901 escaping of one reference token: <c>~</c> to <c>~0</c>, <c>/</c> to <c>~1</c>.</summary>
    public static string EscapePointerToken(string token) =>
        token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrintable(Rune rune)
    {
        if (rune.Value == ' ')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
    }
}

using System.Globalization;
using System.Text;
using System.Xml;

namespace Palisade.Core.Reports;

/// <summary>
/// Text for XML 1.0 reports (JUnit): a character XML cannot hold (a control character from a manifest's name, a lone
/// surrogate) is written as the visible escape \uXXXX instead, so the report stays well-formed and says what was there.
/// </summary>
public static class XmlSafeText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        // Copied only from the first character that needs escaping; most text never does.
        StringBuilder? clean = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean?.Append(text, i, 2);
                i++;
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                clean?.Append(text[i]);
            }
            else
            {
                clean ??= new StringBuilder(text.Length + 8).Append(text, 0, i);
                clean.Append(CultureInfo.InvariantCulture, $"\\u{(int)text[i]:X4}");
            }
        }

        return clean?.ToString() ?? text;
    }
}

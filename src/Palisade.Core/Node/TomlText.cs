using System.Globalization;
using System.Text;

namespace Palisade.Core.Node;

/// <summary>TOML literals and keys as text, for the tables Palisade writes.</summary>
internal static class TomlText
{
    public static string Key(IEnumerable<string> segments) => string.Join('.', segments.Select(Segment));

    public static string Segment(string segment) =>
        segment.Length > 0 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? segment : String(segment);

    public static string String(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => c.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Array(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(String)) + "]";
}

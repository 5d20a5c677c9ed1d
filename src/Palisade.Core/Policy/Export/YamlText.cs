using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.Core.Policy.Export;

/// <summary>
/// Writes a JSON tree as block-style YAML, keys in the order they were added. Multi-line strings (CEL, Rego) become
/// literal blocks; other strings are quoted whenever plain YAML would read them as something else.
/// </summary>
internal static class YamlText
{
    private static readonly JsonSerializerOptions Quoted = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode node)
    {
        var text = new StringBuilder();
        WriteValue(text, node, 0, inList: false);
        return text.ToString();
    }

    /// <summary>Several objects as one stream, separated by <c>---</c>.</summary>
    public static string WriteAll(IEnumerable<JsonNode> nodes) => string.Join("---\n", nodes.Select(Write));

    private static void WriteValue(StringBuilder text, JsonNode? node, int indent, bool inList)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                var first = true;
                foreach (var (key, value) in obj)
                {
                    if (!(first && inList))
                    {
                        text.Append(' ', indent);
                    }

                    first = false;
                    text.Append(Scalar(key)).Append(':');
                    WriteChild(text, value, indent);
                }

                break;
            case JsonArray array when array.Count > 0:
                var firstItem = true;
                foreach (var item in array)
                {
                    if (!(firstItem && inList))
                    {
                        text.Append(' ', indent);
                    }

                    firstItem = false;
                    text.Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        WriteValue(text, item, indent + 2, inList: true);
                    }
                    else
                    {
                        AppendInline(text, item, indent + 2);
                    }
                }

                break;
            default:
                text.Append(' ', indent);
                AppendInline(text, node, indent);
                break;
        }
    }

    private static void WriteChild(StringBuilder text, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 }:
                text.Append('\n');
                WriteValue(text, value, indent + 2, inList: false);
                break;
            case JsonArray { Count: > 0 }:
                text.Append('\n');
                WriteValue(text, value, indent, inList: false);
                break;
            default:
                text.Append(' ');
                AppendInline(text, value, indent + 2);
                break;
        }
    }

    private static void AppendInline(StringBuilder text, JsonNode? node, int indent)
    {
        switch (node)
        {
            case null:
                text.Append("null\n");
                break;
            case JsonObject:
                text.Append("{}\n");
                break;
            case JsonArray:
                text.Append("[]\n");
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var s = value.GetValue<string>();
                if (s.Contains('\n', StringComparison.Ordinal))
                {
                    text.Append(s.EndsWith('\n') ? "|\n" : "|-\n");
                    foreach (var line in s.TrimEnd('\n').Split('\n'))
                    {
                        if (line.Length > 0)
                        {
                            text.Append(' ', indent).Append(line);
                        }

                        text.Append('\n');
                    }
                }
                else
                {
                    text.Append(Scalar(s)).Append('\n');
                }

                break;
            default:
                text.Append(node.ToJsonString()).Append('\n');
                break;
        }
    }

    private static string Scalar(string s)
    {
        var plain = s.Length > 0
            && !char.IsWhiteSpace(s[0]) && !char.IsWhiteSpace(s[^1])
            && "-?:,[]{}#&*!|>'\"%@`".IndexOf(s[0], StringComparison.Ordinal) < 0
            && !s.Contains(": ", StringComparison.Ordinal) && !s.Contains(" #", StringComparison.Ordinal)
            && !s.EndsWith(':')
            && s.All(c => c >= ' ' && c != '\u007f')
            && !LooksLikeOtherType(s);
        return plain ? s : JsonValue.Create(s).ToJsonString(Quoted);
    }

    private static bool LooksLikeOtherType(string s) =>
        s is "true" or "false" or "yes" or "no" or "on" or "off" or "null" or "~" or "True" or "False" or "Yes" or "No" or "On" or "Off" or "Null" or "TRUE" or "FALSE" or "NULL" or "y" or "n" or "Y" or "N"
        || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        || s.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || s.StartsWith("0o", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith('.');
}

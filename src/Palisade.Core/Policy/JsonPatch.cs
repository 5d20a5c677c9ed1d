using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.Core.Policy;

/// <summary>RFC 6902 JSON Patch: the operations the engine emits (<c>add</c>, <c>remove</c>, <c>replace</c>, <c>test</c>).</summary>
public static class JsonPatch
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The patch as compact JSON, the form AdmissionReview's <c>patch</c> carries (before base64).</summary>
    public static string Serialize(IReadOnlyList<JsonPatchOperation> ops) => Encoding.UTF8.GetString(SerializeToUtf8Bytes(ops));

    /// <summary>The patch as compact UTF-8 JSON, written once into a buffer reused by the calling thread.</summary>
    public static byte[] SerializeToUtf8Bytes(IReadOnlyList<JsonPatchOperation> ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartArray();
        foreach (var op in ops)
        {
            writer.WriteStartObject();
            writer.WriteString("op", op.Op);
            writer.WriteString("path", op.Path);
            if (op.Op is not "remove")
            {
                writer.WritePropertyName("value");
                if (op.Value is null)
                {
                    writer.WriteNullValue();
                }
                else
                {
                    op.Value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Applies <paramref name="ops"/> to a copy of <paramref name="doc"/> and returns the copy. Throws
    /// <see cref="InvalidOperationException"/> when an operation cannot apply (missing parent, failed test).
    /// </summary>
    public static JsonNode Apply(JsonNode doc, IReadOnlyList<JsonPatchOperation> ops)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(ops);
        var root = doc.DeepClone();
        foreach (var op in ops)
        {
            root = ApplyOne(root, op);
        }

        return root;
    }

    /// <summary>Escapes one reference token (RFC 6901: <c>~</c> as <c>~0</c>, <c>/</c> as <c>~1</c>).</summary>
    public static string EscapeToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.AsSpan().IndexOfAny('~', '/') < 0
            ? token
            : token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    private static JsonNode ApplyOne(JsonNode root, JsonPatchOperation op)
    {
        var tokens = Parse(op.Path);
        if (tokens.Count == 0)
        {
            return op.Op switch
            {
                "add" or "replace" => op.Value?.DeepClone() ?? throw Fail(op, "cannot set the document root to null"),
                "test" => JsonNode.DeepEquals(root, op.Value) ? root : throw Fail(op, "test failed"),
                _ => throw Fail(op, "cannot remove the document root"),
            };
        }

        var parent = root;
        for (var i = 0; i < tokens.Count - 1; i++)
        {
            parent = Child(parent, tokens[i]) ?? throw Fail(op, $"no value at {Prefix(tokens, i + 1)}");
        }

        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject obj:
                ApplyToObject(obj, last, op);
                break;
            case JsonArray array:
                ApplyToArray(array, last, op);
                break;
            default:
                throw Fail(op, "the parent is not an object or array");
        }

        return root;
    }

    private static void ApplyToObject(JsonObject obj, string key, JsonPatchOperation op)
    {
        switch (op.Op)
        {
            case "add":
                obj[key] = op.Value?.DeepClone();
                break;
            case "replace":
                if (!obj.ContainsKey(key))
                {
                    throw Fail(op, "no value to replace");
                }

                obj[key] = op.Value?.DeepClone();
                break;
            case "remove":
                if (!obj.Remove(key))
                {
                    throw Fail(op, "no value to remove");
                }

                break;
            case "test":
                if (!obj.TryGetPropertyValue(key, out var current) || !JsonNode.DeepEquals(current, op.Value))
                {
                    throw Fail(op, "test failed");
                }

                break;
            default:
                throw Fail(op, "unsupported operation");
        }
    }

    private static void ApplyToArray(JsonArray array, string token, JsonPatchOperation op)
    {
        if (op.Op == "add" && token == "-")
        {
            array.Add(op.Value?.DeepClone());
            return;
        }

        var index = Index(token, op);
        var limit = op.Op == "add" ? array.Count : array.Count - 1;
        if (index > limit)
        {
            throw Fail(op, "index out of range");
        }

        switch (op.Op)
        {
            case "add":
                array.Insert(index, op.Value?.DeepClone());
                break;
            case "replace":
                array[index] = op.Value?.DeepClone();
                break;
            case "remove":
                array.RemoveAt(index);
                break;
            case "test":
                if (!JsonNode.DeepEquals(array[index], op.Value))
                {
                    throw Fail(op, "test failed");
                }

                break;
            default:
                throw Fail(op, "unsupported operation");
        }
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject obj => obj[token],
        JsonArray array when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
        _ => null,
    };

    private static int Index(string token, JsonPatchOperation op) =>
        (token.Length == 1 || token[0] != '0') && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            ? i
            : throw Fail(op, $"'{token}' is not an array index");

    private static List<string> Parse(string path)
    {
        var tokens = new List<string>();
        if (path.Length == 0)
        {
            return tokens;
        }

        if (path[0] != '/')
        {
            throw new InvalidOperationException($"JSON pointer '{path}' must start with '/'");
        }

        foreach (var raw in path[1..].Split('/'))
        {
            tokens.Add(raw.Contains('~', StringComparison.Ordinal)
                ? raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)
                : raw);
        }

        return tokens;
    }

    private static string Prefix(List<string> tokens, int count) =>
        string.Concat(tokens.Take(count).Select(t => "/" + EscapeToken(t)));

    private static InvalidOperationException Fail(JsonPatchOperation op, string why) =>
        new($"JSON Patch {op.Op} {op.Path}: {why}");
}

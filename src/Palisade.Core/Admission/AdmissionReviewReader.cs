using System.Text.Json;

namespace Palisade.Core.Admission;

/// <summary>
/// Reads the fields the handler uses from an AdmissionReview already parsed into a <see cref="JsonDocument"/>:
/// one parse of the body, and <c>request.object</c> stays a view into that document (valid until it is disposed).
/// A field of the wrong JSON type is one line naming its path.
/// </summary>
internal static class AdmissionReviewReader
{
    public static AdmissionReview Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Wrong("$", "an object", root);
        }

        var requestElement = Optional(root, "request", JsonValueKind.Object, "$");
        AdmissionRequest? request = null;
        if (requestElement is { } r)
        {
            var kind = Optional(r, "kind", JsonValueKind.Object, "$.request");
            var userInfo = Optional(r, "userInfo", JsonValueKind.Object, "$.request");
            request = new AdmissionRequest
            {
                Uid = String(r, "uid", "$.request"),
                Kind = kind is { } k ? new GroupVersionKind { Group = String(k, "group", "$.request.kind"), Version = String(k, "version", "$.request.kind"), Kind = String(k, "kind", "$.request.kind") } : null,
                SubResource = String(r, "subResource", "$.request"),
                Name = String(r, "name", "$.request"),
                Namespace = String(r, "namespace", "$.request"),
                Operation = String(r, "operation", "$.request"),
                UserInfo = userInfo is { } u ? new AdmissionUserInfo { Username = String(u, "username", "$.request.userInfo"), Groups = Strings(u, "groups", "$.request.userInfo") } : null,
                Object = r.TryGetProperty("object", out var obj) && obj.ValueKind != JsonValueKind.Null ? obj : null,
                DryRun = Boolean(r, "dryRun", "$.request"),
            };
        }

        return new AdmissionReview { ApiVersion = String(root, "apiVersion", "$"), Kind = String(root, "kind", "$"), Request = request };
    }

    private static JsonElement? Optional(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw Wrong(path + "." + name, kind == JsonValueKind.Object ? "an object" : "an array", value);
    }

    private static string? String(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Wrong(path + "." + name, "a string", value);
    }

    private static bool? Boolean(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw Wrong(path + "." + name, "true or false", value);
    }

    private static string[]? Strings(JsonElement parent, string name, string path)
    {
        if (Optional(parent, name, JsonValueKind.Array, path) is not { } array)
        {
            return null;
        }

        var result = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            result[i] = item.ValueKind == JsonValueKind.String ? item.GetString()! : throw Wrong($"{path}.{name}[{i}]", "a string", item);
            i++;
        }

        return result;
    }

    private static JsonException Wrong(string path, string expected, JsonElement found) =>
        new($"expected {expected} at {path}, found {found.ValueKind switch { JsonValueKind.Object => "an object", JsonValueKind.Array => "an array", JsonValueKind.String => "a string", JsonValueKind.Number => "a number", JsonValueKind.True or JsonValueKind.False => "a boolean", _ => "null" }}");
}

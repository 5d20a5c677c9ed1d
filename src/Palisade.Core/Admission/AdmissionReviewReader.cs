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
        var request = requestElement is { } r ? ReadRequest(r) : null;
        return new AdmissionReview { ApiVersion = String(root, "apiVersion", "$"), Kind = String(root, "kind", "$"), Request = request };
    }

    /// <summary>One pass over the request's fields (a lookup per field would scan them all each time); the last of duplicates wins, as in the API server.</summary>
    private static AdmissionRequest ReadRequest(JsonElement r)
    {
        const string Path = "$.request";
        string? uid = null, subResource = null, name = null, ns = null, operation = null;
        GroupVersionKind? kind = null;
        AdmissionUserInfo? userInfo = null;
        JsonElement? obj = null;
        bool? dryRun = null;
        foreach (var field in r.EnumerateObject())
        {
            var value = field.Value;
            if (field.NameEquals("uid"u8))
            {
                uid = Text(value, Path + ".uid");
            }
            else if (field.NameEquals("kind"u8))
            {
                kind = Object(value, Path + ".kind") is { } k
                    ? new GroupVersionKind { Group = String(k, "group", Path + ".kind"), Version = String(k, "version", Path + ".kind"), Kind = String(k, "kind", Path + ".kind") }
                    : null;
            }
            else if (field.NameEquals("subResource"u8))
            {
                subResource = Text(value, Path + ".subResource");
            }
            else if (field.NameEquals("name"u8))
            {
                name = Text(value, Path + ".name");
            }
            else if (field.NameEquals("namespace"u8))
            {
                ns = Text(value, Path + ".namespace");
            }
            else if (field.NameEquals("operation"u8))
            {
                operation = Text(value, Path + ".operation");
            }
            else if (field.NameEquals("userInfo"u8))
            {
                userInfo = Object(value, Path + ".userInfo") is { } u
                    ? new AdmissionUserInfo { Username = String(u, "username", Path + ".userInfo"), Groups = Strings(u, "groups", Path + ".userInfo") }
                    : null;
            }
            else if (field.NameEquals("object"u8))
            {
                obj = value.ValueKind == JsonValueKind.Null ? null : value;
            }
            else if (field.NameEquals("dryRun"u8))
            {
                dryRun = Boolean(value, Path + ".dryRun");
            }
        }

        return new AdmissionRequest { Uid = uid, Kind = kind, SubResource = subResource, Name = name, Namespace = ns, Operation = operation, UserInfo = userInfo, Object = obj, DryRun = dryRun };
    }

    private static JsonElement? Object(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Object => value,
        _ => throw Wrong(path, "an object", value),
    };

    private static JsonElement? Optional(JsonElement parent, string name, JsonValueKind kind, string path)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == kind ? value : throw Wrong(path + "." + name, kind == JsonValueKind.Object ? "an object" : "an array", value);
    }

    private static string? String(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) ? Text(value, path, name) : null;

    /// <summary>The value as a string; <paramref name="path"/> and <paramref name="name"/> are joined only for the error.</summary>
    private static string? Text(JsonElement value, string path, string? name = null) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => throw Wrong(name is null ? path : path + "." + name, "a string", value),
    };

    private static bool? Boolean(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.True or JsonValueKind.False => value.GetBoolean(),
        _ => throw Wrong(path, "true or false", value),
    };

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

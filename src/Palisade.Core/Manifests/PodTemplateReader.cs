using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Palisade.Core.Manifests;

/// <summary>Finds and decodes the pod template of a workload object. The kind alone decides where it is.</summary>
public static class PodTemplateReader
{
    private static readonly Dictionary<string, string> TemplatePointers = new(StringComparer.Ordinal)
    {
        ["Pod"] = "",
        ["Deployment"] = "/spec/template",
        ["ReplicaSet"] = "/spec/template",
        ["StatefulSet"] = "/spec/template",
        ["DaemonSet"] = "/spec/template",
        ["Job"] = "/spec/template",
        ["ReplicationController"] = "/spec/template",
        ["CronJob"] = "/spec/jobTemplate/spec/template",
        ["PodTemplate"] = "/template",
    };

    private static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>The pointer of the pod template root for <paramref name="kind"/>, or null when the kind runs no pods.</summary>
    public static string? TemplatePointer(string? kind) =>
        kind is not null && TemplatePointers.TryGetValue(kind, out var pointer) ? pointer : null;

    public static PodTemplateReadResult Read(ManifestObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var pointer = TemplatePointer(obj.Kind);
        if (pointer is null)
        {
            return new(null, IsPodBearing: false, Error: null);
        }

        if (Navigate(obj.Body, pointer) is not JsonObject template || template["spec"] is not { } specNode)
        {
            return new(null, IsPodBearing: true, Error: null);
        }

        V1ObjectMeta? metadata = null;
        if (template["metadata"] is { } metadataNode && !TryDecode(metadataNode, obj, pointer + "/metadata", out metadata, out var error))
        {
            return new(null, IsPodBearing: true, error);
        }

        if (!TryDecode<V1PodSpec>(specNode, obj, pointer + "/spec", out var spec, out error))
        {
            return new(null, IsPodBearing: true, error);
        }

        return new(new PodTemplate(metadata, spec, pointer), IsPodBearing: true, Error: null);
    }

    private static bool TryDecode<T>(JsonNode node, ManifestObject obj, string pointer, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value, out ManifestDiagnostic? error)
        where T : class
    {
        error = null;
        try
        {
            value = KubernetesJson.Deserialize<T>(node, Options);
            if (value is null)
            {
                error = new(obj.Source, obj.Locate(pointer), $"{pointer}: expected a mapping");
            }

            return value is not null;
        }
        catch (JsonException ex)
        {
            var at = pointer + JsonPointer.FromJsonPath(ex.Path);
            error = new(obj.Source, obj.Locate(at), $"invalid value at {at}: {Explain(ex.Message)}");
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or OverflowException or NotSupportedException)
        {
            // Converters for quantities and similar types report bad text with these.
            error = new(obj.Source, obj.Locate(pointer), $"invalid value under {pointer}: {ex.Message.ReplaceLineEndings(" ")}");
        }

        value = null;
        return false;
    }

    private static JsonNode? Navigate(JsonNode? node, string pointer)
    {
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject o ? o[segment] : null;
        }

        return node;
    }

    /// <summary>"The JSON value could not be converted to System.Boolean. Path: ..." becomes "expected true or false".</summary>
    internal static string Explain(string message)
    {
        const string Marker = "could not be converted to ";
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
            return (cut < 0 ? message : message[..cut]).ReplaceLineEndings(" ").Trim();
        }

        var type = message.AsSpan(at + Marker.Length);
        var end = type.IndexOf(". Path:", StringComparison.Ordinal);
        type = end < 0 ? type.TrimEnd('.') : type[..end];
        if (type.StartsWith("System.Nullable`1[", StringComparison.Ordinal))
        {
            type = type["System.Nullable`1[".Length..^1];
        }

        return type switch
        {
            "System.Boolean" => "expected true or false",
            "System.Int32" or "System.Int64" => "expected an integer",
            "System.Double" or "System.Single" => "expected a number",
            "System.String" => "expected a string",
            _ when type.Contains("List`1", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "expected a list",
            _ when type.Contains("Dictionary`2", StringComparison.Ordinal) || type.StartsWith("k8s.Models.", StringComparison.Ordinal) => "expected a mapping",
            _ => $"cannot be read as {type}",
        };
    }

    private static JsonSerializerOptions CreateOptions()
    {
        // Start from the client's own options (its converters for dates, quantities, enums) without changing them.
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = new JsonSerializerOptions(o));
        options!.Converters.Insert(0, new LenientStringConverter());
        return options;
    }
}

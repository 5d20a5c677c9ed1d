using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace Palisade.Core.Admission;

/// <summary>A review read by <see cref="AdmissionReviewStream"/>: the request (without its raw object) and the decoded pod template.</summary>
/// <param name="Request">The request's fields; <see cref="AdmissionRequest.Object"/> is not kept.</param>
/// <param name="ObjectMetadata">The metadata of <c>request.object</c> itself.</param>
/// <param name="PodMetadata">The pod template's metadata (the object's, for a pod).</param>
/// <param name="PodSpec">The pod template's spec.</param>
internal sealed record StreamedReview(AdmissionRequest Request, V1ObjectMeta? ObjectMetadata, V1ObjectMeta? PodMetadata, V1PodSpec PodSpec);

/// <summary>
/// The fast path for what the API server sends: one forward pass over the review's bytes that reads the request's
/// fields and decodes <c>request.object</c> on the way, with no <see cref="JsonDocument"/> and no second read of the
/// object. It takes only the plain case: a v1 review of a pod or pod-bearing controller, CREATE or UPDATE, no
/// subresource, <c>request.kind</c> before <c>request.object</c> (the API server's order), every field of the expected
/// type and an object that decodes. For anything else it returns null and the handler reads the review through
/// <see cref="AdmissionReviewReader"/>, which gives every problem its message, so both paths answer alike (tested).
/// </summary>
internal static class AdmissionReviewStream
{
    public static StreamedReview? TryRead(ReadOnlySpan<byte> body, JsonSerializerOptions options)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            string? apiVersion = null, kind = null;
            StreamedReview? review = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("apiVersion"u8))
                {
                    if (!TryString(ref reader, out apiVersion))
                    {
                        return null;
                    }
                }
                else if (reader.ValueTextEquals("kind"u8))
                {
                    if (!TryString(ref reader, out kind))
                    {
                        return null;
                    }
                }
                else if (reader.ValueTextEquals("request"u8))
                {
                    review = ReadRequest(ref reader, options);
                    if (review is null)
                    {
                        return null;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            // Anything after the review's closing brace makes Read throw, as JsonDocument.Parse refuses it.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read()
                && apiVersion == AdmissionReview.V1 && kind == AdmissionReview.ReviewKind ? review : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException or OverflowException or NotSupportedException)
        {
            // Malformed JSON or a value the models refuse: the document path says what is wrong.
            return null;
        }
    }

    private static StreamedReview? ReadRequest(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        string? uid = null, subResource = null, name = null, ns = null, operation = null, username = null;
        string[]? groups = null;
        GroupVersionKind? kind = null;
        bool? dryRun = null;
        bool hasUserInfo = false;
        (V1ObjectMeta? ObjectMetadata, V1PodTemplateSpec? Template)? decoded = null;
        string? decodedAs = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var ok = true;
            if (reader.ValueTextEquals("uid"u8))
            {
                ok = TryString(ref reader, out uid);
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                ok = TryKind(ref reader, out kind);
            }
            else if (reader.ValueTextEquals("subResource"u8))
            {
                ok = TryString(ref reader, out subResource);
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                ok = TryString(ref reader, out name);
            }
            else if (reader.ValueTextEquals("namespace"u8))
            {
                ok = TryString(ref reader, out ns);
            }
            else if (reader.ValueTextEquals("operation"u8))
            {
                ok = TryString(ref reader, out operation);
            }
            else if (reader.ValueTextEquals("userInfo"u8))
            {
                ok = TryUserInfo(ref reader, out username, out groups);
                hasUserInfo = true;
            }
            else if (reader.ValueTextEquals("dryRun"u8))
            {
                ok = reader.Read() && reader.TokenType is JsonTokenType.True or JsonTokenType.False;
                dryRun = ok && reader.GetBoolean();
            }
            else if (reader.ValueTextEquals("object"u8))
            {
                // The object is decoded as the kind already read says; one that comes first is left to the other path.
                decodedAs = kind?.Kind;
                decoded = decodedAs is not null && reader.Read() ? Decode(ref reader, decodedAs, options) : null;
                ok = decoded is not null;
            }
            else
            {
                reader.Skip();
            }

            if (!ok)
            {
                return null;
            }
        }

        // A later request.kind than the one the object was decoded as is the other path's to judge.
        if (string.IsNullOrEmpty(uid) || operation is not ("CREATE" or "UPDATE") || !string.IsNullOrEmpty(subResource)
            || decodedAs != kind?.Kind || decoded is not { Template.Spec: { } spec } template)
        {
            return null;
        }

        var request = new AdmissionRequest
        {
            Uid = uid,
            Kind = kind,
            SubResource = subResource,
            Name = name,
            Namespace = ns,
            Operation = operation,
            UserInfo = hasUserInfo ? new AdmissionUserInfo { Username = username, Groups = groups } : null,
            DryRun = dryRun,
        };
        return new StreamedReview(request, template.ObjectMetadata, template.Template.Metadata, spec);
    }

    /// <summary>Decodes the object from its first token; null unless it is of <paramref name="kind"/> and holds a pod template.</summary>
    private static (V1ObjectMeta?, V1PodTemplateSpec?)? Decode(ref Utf8JsonReader reader, string kind, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        if (kind == "Pod")
        {
            var pod = JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<PodObject>)options.GetTypeInfo(typeof(PodObject)));
            return pod?.Kind == kind ? (pod.Metadata, new V1PodTemplateSpec { Metadata = pod.Metadata, Spec = pod.Spec }) : null;
        }

        if (Array.IndexOf(AdmissionReviewHandler.Controllers, kind) < 0)
        {
            return null;
        }

        var controller = JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<ControllerObject>)options.GetTypeInfo(typeof(ControllerObject)));
        if (controller?.Kind != kind)
        {
            return null;
        }

        var template = kind == "CronJob" ? controller.Spec?.JobTemplate?.Spec?.Template : controller.Spec?.Template;
        return (controller.Metadata, template);
    }

    private static bool TryString(ref Utf8JsonReader reader, out string? value)
    {
        value = null;
        if (!reader.Read())
        {
            return false;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            value = reader.GetString();
        }

        return reader.TokenType is JsonTokenType.String or JsonTokenType.Null;
    }

    private static bool TryKind(ref Utf8JsonReader reader, out GroupVersionKind? kind)
    {
        kind = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        string? group = null, version = null, name = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var ok = true;
            if (reader.ValueTextEquals("group"u8))
            {
                ok = TryString(ref reader, out group);
            }
            else if (reader.ValueTextEquals("version"u8))
            {
                ok = TryString(ref reader, out version);
            }
            else if (reader.ValueTextEquals("kind"u8))
            {
                ok = TryString(ref reader, out name);
            }
            else
            {
                reader.Skip();
            }

            if (!ok)
            {
                return false;
            }
        }

        kind = new GroupVersionKind { Group = group, Version = version, Kind = name };
        return true;
    }

    private static bool TryUserInfo(ref Utf8JsonReader reader, out string? username, out string[]? groups)
    {
        username = null;
        groups = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("username"u8))
            {
                if (!TryString(ref reader, out username))
                {
                    return false;
                }
            }
            else if (reader.ValueTextEquals("groups"u8))
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                var list = new List<string>();
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    list.Add(reader.GetString()!);
                }

                if (reader.TokenType != JsonTokenType.EndArray)
                {
                    return false;
                }

                groups = [.. list];
            }
            else
            {
                reader.Skip();
            }
        }

        return true;
    }
}

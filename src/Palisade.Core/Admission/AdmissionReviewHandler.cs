using System.Buffers;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;

namespace Palisade.Core.Admission;

/// <summary>
/// Turns the bytes of an AdmissionReview into the bytes of the answer, with the runtime policy: the one code path of
/// the webhook and of <c>palisade admit</c>. Pods are enforced; pod-bearing controllers get the same decision as
/// warnings (as Pod Security Admission does); an object that cannot be evaluated is answered by the tier's fail mode.
/// Dry-run requests get the same answer: nothing here has side effects. Thread-safe.
/// </summary>
public sealed class AdmissionReviewHandler
{
    /// <summary>The pod-bearing kinds whose template is evaluated (and answered with warnings).</summary>
    internal static readonly string[] Controllers = ["Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicationController"];
    private static readonly IReadOnlyList<string> NoGroups = [];
    /// <summary>The Kubernetes client's converters, lenient strings, source-generated model metadata: how every object is decoded.</summary>
    internal static readonly JsonSerializerOptions KubernetesOptions = CreateKubernetesOptions();
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly RuntimePolicyEngine engine;
    private readonly INamespaceLabelSource namespaces;

    public AdmissionReviewHandler(RuntimePolicy policy, INamespaceLabelSource namespaces)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(namespaces);
        Policy = policy;
        engine = new RuntimePolicyEngine(policy);
        this.namespaces = namespaces;
    }

    public RuntimePolicy Policy { get; }

    /// <summary>Whether plain reviews take <see cref="AdmissionReviewStream"/>'s one-pass read (tests turn it off to compare).</summary>
    internal bool ReadsInOnePass { get; init; } = true;

    /// <summary>
    /// Answers the review in <paramref name="body"/>. On success the response review is written to
    /// <paramref name="output"/>; on a bad request nothing is written and <see cref="AdmissionOutcome.BadRequest"/>
    /// says why. Never throws on input.
    /// </summary>
    public AdmissionOutcome Handle(ReadOnlyMemory<byte> body, AdmissionEndpoint endpoint, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var outcome = Decide(body, endpoint);
        if (outcome.Response is { } response)
        {
            // One writer per thread, pointed at each caller's output in turn.
            var writer = t_writer ??= new Utf8JsonWriter(output, WriterOptions);
            writer.Reset(output);
            JsonSerializer.Serialize(writer, new AdmissionReview { ApiVersion = AdmissionReview.V1, Kind = AdmissionReview.ReviewKind, Response = response }, AdmissionJsonContext.Default.AdmissionReview);
            writer.Flush();
        }

        return outcome;
    }

    private AdmissionOutcome Decide(ReadOnlyMemory<byte> body, AdmissionEndpoint endpoint)
    {
        if (body.IsEmpty)
        {
            return new() { BadRequest = "empty request body: expected an admission.k8s.io/v1 AdmissionReview" };
        }

        // JSON is UTF-8 (RFC 8259): a review with invalid bytes anywhere (a uid, a name, a label value) is malformed,
        // answered 400 before any field is read, so no reader meets a string it cannot decode.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return new() { BadRequest = $"malformed AdmissionReview: not UTF-8 (invalid byte at offset {InvalidUtf8Offset(body.Span)})" };
        }

        try
        {
            return DecideValid(body, endpoint);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or OverflowException)
        {
            // Text that is valid UTF-8 but not valid JSON text, such as an escaped lone surrogate ("\udc00").
            return new() { BadRequest = $"malformed AdmissionReview: {e.Message.ReplaceLineEndings(" ")}" };
        }
    }

    private static int InvalidUtf8Offset(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length && System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }

    private AdmissionOutcome DecideValid(ReadOnlyMemory<byte> body, AdmissionEndpoint endpoint)
    {
        if (ReadsInOnePass && AdmissionReviewStream.TryRead(body.Span, KubernetesOptions) is { } streamed && Decide(streamed, endpoint) is { } fast)
        {
            return fast;
        }

        JsonDocument document;
        try
        {
            // One parse over the caller's bytes (no copy); request.object stays a view into this document.
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return new()
            {
                BadRequest = $"malformed AdmissionReview: {WithoutPosition(e.Message)}",
                BadRequestPosition = e.LineNumber is { } line ? new SourcePosition((int)line + 1, (int)(e.BytePositionInLine ?? 0) + 1) : SourcePosition.Unknown,
            };
        }

        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return new() { BadRequest = "malformed AdmissionReview: the body is null, expected an object" };
            }

            AdmissionReview review;
            try
            {
                review = AdmissionReviewReader.Read(document.RootElement);
            }
            catch (JsonException e)
            {
                return new() { BadRequest = $"malformed AdmissionReview: {e.Message}" };
            }

            return Decide(review, endpoint);
        }
    }

    private AdmissionOutcome Decide(AdmissionReview review, AdmissionEndpoint endpoint)
    {
        if (review.ApiVersion != AdmissionReview.V1 || review.Kind != AdmissionReview.ReviewKind)
        {
            return new() { BadRequest = $"unsupported review {review.ApiVersion ?? "(no apiVersion)"}/{review.Kind ?? "(no kind)"}: palisade speaks {AdmissionReview.V1} AdmissionReview (set admissionReviewVersions: [\"v1\"])" };
        }

        if (review.Request is not { } request)
        {
            return new() { BadRequest = "the AdmissionReview has no request" };
        }

        if (string.IsNullOrEmpty(request.Uid))
        {
            return new() { BadRequest = "the AdmissionReview request has no uid" };
        }

        var kind = request.Kind?.Kind ?? "";
        var basics = Basics(request, kind, string.IsNullOrEmpty(request.Name) ? ObjectName(request.Object) : request.Name);

        var templatePointer = PodTemplateReader.TemplatePointer(kind);
        var isPod = kind == "Pod";
        if (templatePointer is null || (!isPod && Array.IndexOf(Controllers, kind) < 0)
            || request.Operation is not ("CREATE" or "UPDATE")
            || (!string.IsNullOrEmpty(request.SubResource) && !(isPod && request.SubResource == "ephemeralcontainers")))
        {
            // Not a pod-bearing create or update (a DELETE, a status write, a kind the webhook should not be sent):
            // nothing to decide, so never in the way.
            return Allow(basics, "allowed", null, null);
        }

        if (request.Object is not { ValueKind: JsonValueKind.Object } element)
        {
            return FailMode(basics, null, request, templatePointer, "request.object is missing or not an object");
        }

        var objectKind = element.TryGetProperty("kind", out var kindElement) && kindElement.ValueKind == JsonValueKind.String ? kindElement.GetString() : null;
        if (objectKind != kind)
        {
            return FailMode(basics, element, request, templatePointer, $"request.object.kind is \"{objectKind}\" but request.kind is \"{kind}\"");
        }

        // Decoded straight from the review's bytes: no intermediate JsonNode tree on the hot path.
        if (Navigate(element, templatePointer) is not { ValueKind: JsonValueKind.Object } template || !template.TryGetProperty("spec", out _))
        {
            return FailMode(basics, element, request, templatePointer, $"no pod template at {(templatePointer.Length == 0 ? "/spec" : templatePointer + "/spec")}");
        }

        // Metadata and spec in one pass over the template (for a pod, the object itself: its other fields are skipped).
        if (!TryDecode<V1PodTemplateSpec>(template, templatePointer, out var podTemplate, out var error))
        {
            return FailMode(basics, element, request, templatePointer, error!);
        }

        var spec = podTemplate!.Spec;
        var podMetadata = podTemplate.Metadata;
        var objectMetadata = podMetadata;
        if (!isPod && !TryDecode(element.TryGetProperty("metadata", out var om) ? om : null, "/metadata", out objectMetadata, out error))
        {
            return FailMode(basics, element, request, templatePointer, error!);
        }

        return Evaluate(basics, request, objectMetadata, podMetadata, spec!, templatePointer, endpoint, out var failure)
            ?? FailMode(basics, element, request, templatePointer, failure!);
    }

    /// <summary>The fast path's review: null when the engine fails, for the document path to answer by the fail mode.</summary>
    private AdmissionOutcome? Decide(StreamedReview review, AdmissionEndpoint endpoint)
    {
        var request = review.Request;
        var kind = request.Kind!.Kind!;
        var basics = Basics(request, kind, string.IsNullOrEmpty(request.Name) ? ObjectName(review.ObjectMetadata) : request.Name);
        return Evaluate(basics, request, review.ObjectMetadata, review.PodMetadata, review.PodSpec, PodTemplateReader.TemplatePointer(kind)!, endpoint, out _);
    }

    private static AdmissionOutcome Basics(AdmissionRequest request, string kind, string? name) => new()
    {
        Uid = request.Uid!,
        Operation = request.Operation ?? "",
        Kind = kind,
        Namespace = request.Namespace,
        Name = name,
        UserName = request.UserInfo?.Username,
        DryRun = request.DryRun == true,
    };

    /// <summary>The engine's decision on a decoded pod template, enforced (pods) or as warnings (controllers); null when the engine fails.</summary>
    private AdmissionOutcome? Evaluate(AdmissionOutcome basics, AdmissionRequest request, V1ObjectMeta? objectMetadata, V1ObjectMeta? podMetadata, V1PodSpec spec, string templatePointer, AdmissionEndpoint endpoint, out string? failure)
    {
        failure = null;
        var specPointer = templatePointer + "/spec";
        PolicyDecision decision;
        try
        {
            decision = engine.Evaluate(NewRequest(basics.Kind, request, objectMetadata, podMetadata, spec, specPointer));
        }
#pragma warning disable CA1031 // A bug in the engine must become a fail-mode answer, never a 500.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = $"the policy engine failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}";
            return null;
        }

        basics = basics with
        {
            Decision = decision,
            Tier = decision.Tier,
            TierReason = decision.TierReason,
            RuntimeClass = decision.AssignedRuntimeClass ?? "",
        };
        return basics.Kind == "Pod" ? Enforce(basics, decision, endpoint, request.Operation == "CREATE" && string.IsNullOrEmpty(request.SubResource), specPointer) : Warn(basics, decision, specPointer);
    }

    private static AdmissionOutcome Enforce(AdmissionOutcome basics, PolicyDecision decision, AdmissionEndpoint endpoint, bool mayPatch, string specPointer)
    {
        if (!decision.Allowed)
        {
            return Deny(basics, decision.Message ?? string.Join("; ", decision.Violations.Select(v => v.Message)), decision);
        }

        if (decision.Patch.Count == 0 || !mayPatch)
        {
            return Allow(basics, "allowed", null, decision);
        }

        if (endpoint == AdmissionEndpoint.Mutate)
        {
            return Allow(basics, "patched", JsonPatch.SerializeToUtf8Bytes(decision.Patch), decision);
        }

        // The validating webhook sees the final object; a pod that still needs our patch skipped the mutating webhook.
        var missing = string.Join(", ", decision.Patch.Select(op => $"{Relative(op.Path, specPointer)}={op.Value?.ToJsonString() ?? "null"}"));
        return Deny(
            basics,
            $"pod in tier {decision.Tier} ({decision.TierReason}) was not mutated by the palisade mutating webhook: it needs {missing}; check that the MutatingWebhookConfiguration is installed and reaches the webhook",
            decision);
    }

    private static AdmissionOutcome Warn(AdmissionOutcome basics, PolicyDecision decision, string specPointer)
    {
        var warnings = new List<string>();
        var subject = $"{basics.Kind} {basics.Name}";
        if (!decision.Allowed)
        {
            warnings.Add($"{subject}: its pods would be denied: {decision.Message ?? string.Join("; ", decision.Violations.Select(v => v.Message))}");
        }

        foreach (var op in decision.Patch)
        {
            warnings.Add($"{subject}: its pods will get {Relative(op.Path, specPointer)}={op.Value?.ToJsonString() ?? "null"} (tier {decision.Tier}: {decision.TierReason})");
        }

        warnings.AddRange(decision.Warnings);
        return warnings.Count > 0 ? Allow(basics, "warned", null, decision, warnings) : Allow(basics, "allowed", null, decision);
    }

    private AdmissionOutcome FailMode(AdmissionOutcome basics, JsonElement? body, AdmissionRequest request, string templatePointer, string error)
    {
        // The tier decides the fail mode; find it from what can still be read (namespace and labels), with no containers.
        var tier = TierOf(body, request, templatePointer);
        var mode = Policy.FailureModeFor(tier);
        var subject = $"{basics.Kind} {(basics.Namespace is { Length: > 0 } ns ? ns + "/" : "")}{basics.Name}";
        var message = $"palisade could not evaluate {subject}: {error}; {(tier is null ? "tier unknown" : "tier " + tier)}, fail mode {(mode == FailureMode.Closed ? "closed: refused" : "open: allowed")}";
        basics = basics with { EvaluationError = error, Tier = tier ?? "" };
        return mode == FailureMode.Closed && basics.Kind == "Pod"
            ? Deny(basics, message, null)
            : Allow(basics, "warned", null, null, [message]);
    }

    private string? TierOf(JsonElement? body, AdmissionRequest request, string templatePointer)
    {
        try
        {
            // Only what was read counts: an object whose metadata cannot be read has no tier (the policy's fail mode
            // decides), and a tier reached only through the catch-all says nothing about the object either.
            var template = body is { } b ? Navigate(b, templatePointer) : null;
            JsonElement? metadata = template is { ValueKind: JsonValueKind.Object } t && t.TryGetProperty("metadata", out var m) ? m : null;
            if (metadata is not { ValueKind: JsonValueKind.Object } || !TryDecode<V1ObjectMeta>(metadata, "/metadata", out var podMetadata, out _))
            {
                return null;
            }

            var spec = new V1PodSpec { Containers = [] };
            var tier = engine.Evaluate(NewRequest(request.Kind?.Kind ?? "Pod", request, null, podMetadata, spec, templatePointer + "/spec")).Tier;
            return Policy.FindTier(tier) is { IsCatchAll: false } ? tier : null;
        }
#pragma warning disable CA1031 // Best effort: an unknown tier falls back to the policy's default fail mode.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private PolicyRequest NewRequest(string kind, AdmissionRequest request, V1ObjectMeta? objectMetadata, V1ObjectMeta? podMetadata, V1PodSpec spec, string specPointer)
    {
        var ns = string.IsNullOrEmpty(request.Namespace) ? objectMetadata?.NamespaceProperty : request.Namespace;
        return new PolicyRequest(kind, ns, objectMetadata, podMetadata, spec, specPointer, namespaces.LabelsOf(ns), request.UserInfo?.Username, request.UserInfo?.Groups ?? NoGroups);
    }

    private static AdmissionOutcome Allow(AdmissionOutcome basics, string verdict, byte[]? patch, PolicyDecision? decision, List<string>? extraWarnings = null)
    {
        var warnings = extraWarnings ?? (decision is { Warnings.Count: > 0 } ? decision.Warnings : null);
        return basics with
        {
            Verdict = verdict,
            Message = warnings?[0],
            Response = new AdmissionResponse
            {
                Uid = basics.Uid,
                Allowed = true,
                Patch = patch,
                PatchType = patch is null ? null : AdmissionResponse.JsonPatchType,
                AuditAnnotations = Audit(basics, decision),
                Warnings = warnings,
            },
        };
    }

    private static AdmissionOutcome Deny(AdmissionOutcome basics, string message, PolicyDecision? decision) =>
        basics with
        {
            Verdict = "denied",
            Message = message,
            Response = new AdmissionResponse
            {
                Uid = basics.Uid,
                Allowed = false,
                Status = new AdmissionStatus(403, "Forbidden", message),
                AuditAnnotations = Audit(basics, decision),
                Warnings = decision is { Warnings.Count: > 0 } ? decision.Warnings : null,
            },
        };

    /// <summary>Recorded in the audit log under the webhook's name (the API server adds the prefix).</summary>
    private static Dictionary<string, string>? Audit(AdmissionOutcome basics, PolicyDecision? decision) =>
        decision is null
            ? (basics.EvaluationError is null ? null : new(StringComparer.Ordinal) { ["error"] = basics.EvaluationError })
            : decision.AssignedRuntimeClass is { } runtimeClass
                ? new(StringComparer.Ordinal) { ["tier"] = decision.Tier, ["tier-reason"] = decision.TierReason, ["runtime-class"] = runtimeClass }
                : new(StringComparer.Ordinal) { ["tier"] = decision.Tier, ["tier-reason"] = decision.TierReason };

    private static string Relative(string path, string specPointer) =>
        path.StartsWith(specPointer + "/", StringComparison.Ordinal) ? "spec" + path[specPointer.Length..].Replace('/', '.') : path;

    /// <summary>
    /// The name, or <c>generateName*</c>, from decoded metadata: what <see cref="ObjectName(JsonElement?)"/> reads from
    /// the raw object (which, unlike the decoder, would not take a number for a name).
    /// </summary>
    private static string? ObjectName(V1ObjectMeta? metadata) =>
        metadata is null ? null : !string.IsNullOrEmpty(metadata.Name) ? metadata.Name : metadata.GenerateName is { } generate ? generate + "*" : null;

    private static string? ObjectName(JsonElement? obj)
    {
        if (obj is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (metadata.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } n)
        {
            return n;
        }

        return metadata.TryGetProperty("generateName", out var generate) && generate.ValueKind == JsonValueKind.String ? generate.GetString() + "*" : null;
    }

    /// <summary>The reader's message ends with the position, which <see cref="AdmissionOutcome.BadRequestPosition"/> carries.</summary>
    private static string WithoutPosition(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).ReplaceLineEndings(" ").Trim();
    }

    private static JsonElement? Navigate(JsonElement node, string pointer)
    {
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Decodes a Kubernetes model from the review; a bad value becomes the same one-line message <c>check</c> gives.</summary>
    private static bool TryDecode<T>(JsonElement? node, string pointer, out T? value, out string? error)
        where T : class
    {
        error = null;
        value = null;
        if (node is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        try
        {
            value = element.Deserialize<T>(KubernetesOptions);
            return true;
        }
        catch (JsonException e)
        {
            error = $"invalid value at {pointer}{JsonPointer.FromJsonPath(e.Path)}: {PodTemplateReader.Explain(e.Message)}";
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or OverflowException or NotSupportedException)
        {
            // Converters for quantities and similar types report bad text with these.
            error = $"invalid value under {pointer}: {e.Message.ReplaceLineEndings(" ")}";
        }

        return false;
    }

    private static JsonSerializerOptions CreateKubernetesOptions()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = new JsonSerializerOptions(o));
        options!.Converters.Insert(0, new LenientStringConverter());
        options.TypeInfoResolver = KubernetesModelJsonContext.Default;
        return options;
    }
}

using Palisade.Core.Manifests;
using System.Text.Json.Nodes;
using Palisade.Core.PodSecurity;
using Palisade.Core.Policy;

namespace Palisade.Core.Checking;

/// <summary>
/// Evaluates loaded manifests against the Pod Security Standards the way a cluster would: each pod-bearing object at
/// the level and version its Namespace's <c>pod-security.kubernetes.io/enforce</c> labels set (when that Namespace is
/// among the inputs), unless the command line overrides them.
/// </summary>
public static class ManifestChecker
{
    public static CheckReport Check(ManifestSet set, CheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(options);

        var errors = new List<ManifestDiagnostic>(set.Diagnostics);
        var warnings = new List<ManifestDiagnostic>();
        var namespaces = ResolveNamespaces(set.Objects, warnings);
        var engine = options.RuntimePolicy is null ? null : new RuntimePolicyEngine(options.RuntimePolicy);
        var namespaceLabels = engine is null ? null : NamespaceLabels(set.Objects);
        var results = new List<ObjectResult>();
        var skipped = new List<SkippedObject>();

        foreach (var obj in set.Objects)
        {
            var read = PodTemplateReader.Read(obj);
            if (read.Error is not null)
            {
                errors.Add(read.Error);
                continue;
            }

            if (!read.IsPodBearing)
            {
                skipped.Add(new SkippedObject(obj.Source, obj.Document, obj.Item, obj.Position, obj.Kind ?? "(no kind)", obj.Name, "not a pod-bearing kind"));
                continue;
            }

            if (read.Template is null)
            {
                skipped.Add(new SkippedObject(obj.Source, obj.Document, obj.Item, obj.Position, obj.Kind ?? "(no kind)", obj.Name, "no pod template"));
                continue;
            }

            if (engine is not null)
            {
                results.Add(EvaluateWithRuntimePolicy(obj, read.Template, engine, namespaceLabels!, options));
                continue;
            }

            var (policy, origin) = PolicyFor(obj.Namespace, namespaces, options);
            results.Add(Evaluate(obj, read.Template, policy, origin));
        }

        var denied = results.Count(r => !r.Allowed);
        var summary = new CheckSummary(results.Count, results.Count - denied, denied, skipped.Count, errors.Count, set.Files);
        return new CheckReport(results, skipped, errors, warnings, summary);
    }

    private static ObjectResult Evaluate(ManifestObject obj, PodTemplate template, LevelVersion policy, string origin)
    {
        ApiServerDefaulting.Apply(template.Spec, template.Pointer.Length == 0 ? PodSpecOwner.Pod : PodSpecOwner.Template);
        var result = PodSecurityEvaluator.Evaluate(policy, template.Metadata, template.Spec);
        var violations = result.Violations
            .Select(v => new ViolationResult(v.CheckId, v.Reason, v.Detail, Locate(obj, template.Pointer, v.Paths)))
            .ToList();
        return new ObjectResult
        {
            Source = obj.Source,
            Document = obj.Document,
            Item = obj.Item,
            Position = obj.Position,
            Kind = obj.Kind ?? "(no kind)",
            Namespace = obj.Namespace,
            Name = obj.Name,
            Policy = policy,
            PolicySource = origin,
            Violations = violations,
            Denial = result.Allowed ? null : result.DenialMessage,
        };
    }

    /// <summary>
    /// Evaluates the object as admission would: the engine picks the tier and the patch; Pod Security then runs on the
    /// patched object (so positions still point into the file) at the tier's level, and the runtime rule is added.
    /// </summary>
    private static ObjectResult EvaluateWithRuntimePolicy(
        ManifestObject obj,
        PodTemplate template,
        RuntimePolicyEngine engine,
        Dictionary<string, IReadOnlyDictionary<string, string>> namespaceLabels,
        CheckOptions options)
    {
        var labels = obj.Namespace is not null && namespaceLabels.TryGetValue(obj.Namespace, out var l) ? l : null;
        var decision = engine.Evaluate(PolicyRequestFactory.Create(obj, template, labels));
        var evaluated = obj;
        var evaluatedTemplate = template;
        if (decision.Patch.Count > 0)
        {
            evaluated = obj with { Body = (JsonObject)JsonPatch.Apply(obj.Body, decision.Patch) };
            evaluatedTemplate = PodTemplateReader.Read(evaluated).Template ?? template;
        }

        var tierLevel = decision.PodSecurity ?? CheckOptions.Default;
        var policy = new LevelVersion(options.Level ?? tierLevel.Level, options.Version ?? tierLevel.Version);
        var origin = options.Level is not null || options.Version is not null ? $"flag, tier {decision.Tier}" : $"tier {decision.Tier}";
        var result = Evaluate(evaluated, evaluatedTemplate, policy, origin);
        var runtime = decision.Violations
            .Where(v => v.Check == RuntimePolicyEngine.RuntimeClassCheck)
            .Select(v => new ViolationResult(v.Check, "runtime class not allowed", v.Message, obj.Locate(template.Pointer + "/spec/runtimeClassName")))
            .ToList();
        var denial = result.Denial;
        foreach (var v in runtime)
        {
            denial = denial is null ? v.Message : denial + "; " + v.Message;
        }

        return result with
        {
            Violations = [.. result.Violations, .. runtime],
            Denial = denial,
            Tier = decision.Tier,
            TierReason = decision.TierReason,
            RuntimeClass = decision.AssignedRuntimeClass,
            Patch = decision.Patch,
        };
    }

    private static SourcePosition Locate(ManifestObject obj, string templatePointer, IReadOnlyList<string> paths) =>
        paths.Count == 0 ? obj.Locate(templatePointer) : obj.Locate(templatePointer + paths[0]);

    private static (LevelVersion Policy, string Origin) PolicyFor(
        string? ns, Dictionary<string, NamespacePolicyResult> namespaces, CheckOptions options)
    {
        var fromNamespace = ns is not null && namespaces.TryGetValue(ns, out var resolved) ? resolved.Enforce : null;
        var level = options.Level ?? fromNamespace?.Level ?? CheckOptions.Default.Level;
        var version = options.Version ?? fromNamespace?.Version ?? CheckOptions.Default.Version;
        var origin = (options.Level, options.Version, fromNamespace) switch
        {
            (not null, not null, _) => "flag",
            (_, _, not null) => options.Level is null && options.Version is null ? $"namespace {ns}" : $"namespace {ns} and flag",
            (null, null, null) => "default",
            _ => "flag",
        };
        return (new LevelVersion(level, version), origin);
    }

    /// <summary>Enforce policies of the Namespace objects among the inputs, keyed by name; label errors become warnings.</summary>
    private static Dictionary<string, NamespacePolicyResult> ResolveNamespaces(
        IReadOnlyList<ManifestObject> objects, List<ManifestDiagnostic> warnings)
    {
        var map = new Dictionary<string, NamespacePolicyResult>(StringComparer.Ordinal);
        foreach (var obj in objects)
        {
            if (obj.Kind != "Namespace" || obj.Name is null)
            {
                continue;
            }

            var labels = Labels(obj);
            if (labels is null || !labels.Keys.Any(k => k.StartsWith("pod-security.kubernetes.io/", StringComparison.Ordinal)))
            {
                continue;
            }

            var resolved = NamespacePolicy.Resolve(labels, CheckOptions.Default);
            map[obj.Name] = resolved;
            foreach (var error in resolved.Errors)
            {
                warnings.Add(new ManifestDiagnostic(obj.Source, obj.Locate("/metadata/labels"), $"namespace \"{obj.Name}\": {error}"));
            }
        }

        return map;
    }

    /// <summary>Every label of the Namespace objects among the inputs, keyed by namespace name.</summary>
    internal static Dictionary<string, IReadOnlyDictionary<string, string>> NamespaceLabels(IReadOnlyList<ManifestObject> objects)
    {
        var map = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var obj in objects)
        {
            if (obj.Kind == "Namespace" && obj.Name is not null && Labels(obj) is { } labels)
            {
                map[obj.Name] = labels;
            }
        }

        return map;
    }

    private static Dictionary<string, string>? Labels(ManifestObject obj)
    {
        if (obj.Body["metadata"] is not System.Text.Json.Nodes.JsonObject meta || meta["labels"] is not System.Text.Json.Nodes.JsonObject labels)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            result[key] = value?.ToString() ?? "";
        }

        return result;
    }
}

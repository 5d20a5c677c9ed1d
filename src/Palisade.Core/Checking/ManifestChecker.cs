using Palisade.Core.Manifests;
using Palisade.Core.PodSecurity;

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

            var (policy, origin) = PolicyFor(obj.Namespace, namespaces, options);
            results.Add(Evaluate(obj, read.Template, policy, origin));
        }

        var denied = results.Count(r => !r.Allowed);
        var summary = new CheckSummary(results.Count, results.Count - denied, denied, skipped.Count, errors.Count, set.Files);
        return new CheckReport(results, skipped, errors, warnings, summary);
    }

    private static ObjectResult Evaluate(ManifestObject obj, PodTemplate template, LevelVersion policy, string origin)
    {
        ApiServerDefaulting.Apply(template.Spec);
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

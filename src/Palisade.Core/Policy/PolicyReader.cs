using System.Text.Json.Nodes;
using k8s.Models;
using Palisade.Core.Manifests;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Policy;

/// <summary>
/// Turns a RuntimePolicy object into a <see cref="RuntimePolicy"/>, checking every field and collecting every problem
/// (unknown fields included) with the line and column of the offending node.
/// </summary>
internal sealed partial class PolicyReader
{
    public const string ApiVersion = "palisade.dev/v1alpha1";
    public const string Kind = "RuntimePolicy";

    private static readonly string[] TopFields = ["apiVersion", "kind", "metadata", "spec"];
    private static readonly string[] MetadataFields = ["name", "labels", "annotations"];
    private static readonly string[] SpecFields = ["failureMode", "runtimeClasses", "tiers", "gate"];
    private static readonly string[] ClassFields = ["name", "handler", "overhead", "scheduling"];
    private static readonly string[] SchedulingFields = ["nodeSelector", "tolerations"];
    private static readonly string[] TolerationFields = ["key", "operator", "value", "effect", "tolerationSeconds"];
    private static readonly string[] TierFields = ["name", "match", "runtimeClass", "allowedRuntimeClasses", "podSecurity", "defaults", "failureMode"];
    private static readonly string[] RuleFields = ["namespaces", "namespaceSelector", "podSelector", "images"];
    private static readonly string[] SelectorFields = ["matchLabels", "matchExpressions"];
    private static readonly string[] RequirementFields = ["key", "operator", "values"];
    private static readonly string[] ImageFields = ["registriesIn", "registriesNotIn"];
    private static readonly string[] PodSecurityFields = ["level", "version"];
    private static readonly string[] DefaultsFields = ["seccompProfile", "automountServiceAccountToken"];

    private readonly ManifestObject _obj;
    private readonly List<PolicyProblem> _problems;

    private PolicyReader(ManifestObject obj, List<PolicyProblem> problems)
    {
        _obj = obj;
        _problems = problems;
    }

    /// <summary>The policy, or null; problems are added to <paramref name="problems"/> (the policy is unusable when any was added).</summary>
    public static RuntimePolicy? Read(ManifestObject obj, List<PolicyProblem> problems)
    {
        var before = problems.Count;
        var policy = new PolicyReader(obj, problems).ReadPolicy();
        return problems.Count == before ? policy : null;
    }

    private RuntimePolicy? ReadPolicy()
    {
        var body = _obj.Body;
        Fields(body, "", TopFields);
        var apiVersion = _obj.ApiVersion;
        if (apiVersion != ApiVersion)
        {
            Problem("/apiVersion", $"apiVersion must be {ApiVersion} (got {Quote(apiVersion)})");
        }

        if (_obj.Kind != Kind)
        {
            Problem("/kind", $"kind must be {Kind} (got {Quote(_obj.Kind)})");
        }

        var name = "(unnamed)";
        if (Mapping(body, "metadata", "/metadata", required: false) is { } metadata)
        {
            Fields(metadata, "/metadata", MetadataFields);
            name = String(metadata, "name", "/metadata", required: false) ?? name;
        }

        if (Mapping(body, "spec", "/spec", required: true) is not { } spec)
        {
            return null;
        }

        Fields(spec, "/spec", SpecFields);
        var failureMode = FailureModeOf(spec, "/spec") ?? FailureMode.Closed;
        var classes = ReadClasses(spec);
        var tiers = ReadTiers(spec, classes);
        var gate = ReadGate(spec, classes);
        return new RuntimePolicy(_obj.Source, name, classes, tiers, failureMode) { Gate = gate };
    }

    private List<RuntimeClassDefinition> ReadClasses(JsonObject spec)
    {
        var classes = new List<RuntimeClassDefinition>();
        var items = List(spec, "runtimeClasses", "/spec", required: false);
        if (items is null)
        {
            return classes;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"/spec/runtimeClasses/{i}";
            if (AsMapping(items[i], at) is not { } item)
            {
                continue;
            }

            Fields(item, at, ClassFields);
            var name = String(item, "name", at, required: true);
            if (name is not null && !Names.IsDnsSubdomain(name))
            {
                Problem(at + "/name", $"runtime class name {Quote(name)} must be a lowercase DNS subdomain (a-z, 0-9, '-', '.')");
            }
            else if (name is not null && !names.Add(name))
            {
                Problem(at + "/name", $"runtime class {Quote(name)} is defined twice");
            }

            var handler = String(item, "handler", at, required: true);
            if (handler is not null && !Names.IsDnsLabel(handler))
            {
                Problem(at + "/handler", $"handler {Quote(handler)} must be a lowercase DNS label (a-z, 0-9, '-')");
            }

            var overhead = ReadOverhead(item, at);
            IReadOnlyDictionary<string, string> nodeSelector = new Dictionary<string, string>();
            IReadOnlyList<V1Toleration> tolerations = [];
            if (Mapping(item, "scheduling", at + "/scheduling", required: false) is { } scheduling)
            {
                Fields(scheduling, at + "/scheduling", SchedulingFields);
                nodeSelector = Labels(scheduling, "nodeSelector", at + "/scheduling/nodeSelector");
                tolerations = ReadTolerations(scheduling, at + "/scheduling");
            }

            if (name is not null && handler is not null)
            {
                classes.Add(new RuntimeClassDefinition(name, handler, overhead, nodeSelector, tolerations));
            }
        }

        return classes;
    }

    private Dictionary<string, string> ReadOverhead(JsonObject item, string at)
    {
        var overhead = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Mapping(item, "overhead", at + "/overhead", required: false) is not { } map)
        {
            return overhead;
        }

        foreach (var (resource, value) in map)
        {
            var pointer = at + "/overhead/" + JsonPatch.EscapeToken(resource);
            var text = value is JsonValue v && (v.TryGetValue(out string? s) || v.TryGetValue(out double _)) ? s ?? v.ToJsonString() : null;
            if (text is null)
            {
                Problem(pointer, $"overhead {Quote(resource)} must be a quantity such as 250m or 120Mi");
                continue;
            }

            try
            {
                _ = new ResourceQuantity(text).ToDecimal();
                overhead[resource] = text;
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
            {
                Problem(pointer, $"overhead {Quote(resource)}: {Quote(text)} is not a quantity (for example 250m, 120Mi)");
            }
        }

        return overhead;
    }

    private List<V1Toleration> ReadTolerations(JsonObject scheduling, string at)
    {
        var result = new List<V1Toleration>();
        if (List(scheduling, "tolerations", at, required: false) is not { } items)
        {
            return result;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var p = $"{at}/tolerations/{i}";
            if (AsMapping(items[i], p) is not { } t)
            {
                continue;
            }

            Fields(t, p, TolerationFields);
            var op = String(t, "operator", p, required: false);
            if (op is not null and not ("Exists" or "Equal"))
            {
                Problem(p + "/operator", $"toleration operator must be Exists or Equal (got {Quote(op)})");
            }

            var effect = String(t, "effect", p, required: false);
            if (effect is not null and not ("NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                Problem(p + "/effect", $"toleration effect must be NoSchedule, PreferNoSchedule or NoExecute (got {Quote(effect)})");
            }

            long? seconds = null;
            if (t["tolerationSeconds"] is { } secondsNode)
            {
                if (secondsNode is JsonValue sv && sv.TryGetValue(out long s))
                {
                    seconds = s;
                }
                else
                {
                    Problem(p + "/tolerationSeconds", "tolerationSeconds must be an integer");
                }
            }

            result.Add(new V1Toleration
            {
                Key = String(t, "key", p, required: false),
                OperatorProperty = op,
                Value = String(t, "value", p, required: false),
                Effect = effect,
                TolerationSeconds = seconds,
            });
        }

        return result;
    }

    private List<PolicyTier> ReadTiers(JsonObject spec, List<RuntimeClassDefinition> classes)
    {
        var tiers = new List<PolicyTier>();
        var items = List(spec, "tiers", "/spec", required: true);
        if (items is null)
        {
            return tiers;
        }

        if (items.Count == 0)
        {
            Problem("/spec/tiers", "tiers must list at least one tier (the last one, without match rules, takes every pod)");
            return tiers;
        }

        var known = new HashSet<string>(classes.Select(c => c.Name), StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? catchAll = null;
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"/spec/tiers/{i}";
            if (AsMapping(items[i], at) is not { } item)
            {
                continue;
            }

            Fields(item, at, TierFields);
            var name = String(item, "name", at, required: true);
            if (name is not null && !Names.IsDnsLabel(name))
            {
                Problem(at + "/name", $"tier name {Quote(name)} must be a lowercase DNS label (a-z, 0-9, '-')");
            }
            else if (name is not null && !names.Add(name))
            {
                Problem(at + "/name", $"tier {Quote(name)} is defined twice");
            }

            if (catchAll is not null)
            {
                Problem(at, $"tier {Quote(name)} can never match: tier {Quote(catchAll)} before it has no match rules and takes every pod");
            }

            var rules = ReadRules(item, at);
            if (rules.Count == 0 && catchAll is null)
            {
                catchAll = name ?? $"#{i}";
            }

            var tier = ReadTier(item, at, name, rules, known);
            if (tier is not null)
            {
                tiers.Add(tier);
            }
        }

        if (catchAll is null)
        {
            Problem($"/spec/tiers/{items.Count - 1}", "no catch-all tier: the last tier must have no match rules, so every pod falls into some tier");
        }

        return tiers;
    }

    private PolicyTier? ReadTier(JsonObject item, string at, string? name, List<TierMatchRule> rules, HashSet<string> known)
    {
        var allowed = new List<string>();
        if (List(item, "allowedRuntimeClasses", at, required: false) is { } allowedItems)
        {
            for (var j = 0; j < allowedItems.Count; j++)
            {
                var p = $"{at}/allowedRuntimeClasses/{j}";
                if (AsString(allowedItems[j], p) is not { } cls)
                {
                    continue;
                }

                if (!known.Contains(cls))
                {
                    Problem(p, $"runtime class {Quote(cls)} is not defined in spec.runtimeClasses{KnownList(known)}");
                }
                else if (allowed.Contains(cls, StringComparer.Ordinal))
                {
                    Problem(p, $"runtime class {Quote(cls)} is listed twice");
                }
                else
                {
                    allowed.Add(cls);
                }
            }
        }

        var assigned = String(item, "runtimeClass", at, required: false);
        if (assigned is not null && !known.Contains(assigned))
        {
            Problem(at + "/runtimeClass", $"runtime class {Quote(assigned)} is not defined in spec.runtimeClasses{KnownList(known)}");
        }
        else if (assigned is not null && allowed.Count > 0 && !allowed.Contains(assigned, StringComparer.Ordinal))
        {
            Problem(at + "/runtimeClass", $"runtime class {Quote(assigned)} is assigned but not in allowedRuntimeClasses [{string.Join(", ", allowed)}]");
        }

        var podSecurity = ReadPodSecurity(item, at);
        var (seccomp, noToken) = ReadDefaults(item, at);
        var failureMode = FailureModeOf(item, at) ?? (allowed.Count > 0 ? FailureMode.Closed : FailureMode.Open);
        return name is null || podSecurity is null
            ? null
            : new PolicyTier(name, rules, assigned, allowed, podSecurity, seccomp, noToken, failureMode);
    }

    private LevelVersion? ReadPodSecurity(JsonObject item, string at)
    {
        var p = at + "/podSecurity";
        if (Mapping(item, "podSecurity", p, required: true) is not { } map)
        {
            return null;
        }

        Fields(map, p, PodSecurityFields);
        var levelText = String(map, "level", p, required: true);
        var level = PodSecurityLevel.Restricted;
        if (levelText is not null && !LevelNames.TryParse(levelText, out level))
        {
            Problem(p + "/level", $"level must be privileged, baseline or restricted (got {Quote(levelText)})");
        }

        var versionText = String(map, "version", p, required: false) ?? "latest";
        if (!PodSecurityVersion.TryParse(versionText, out var version))
        {
            Problem(p + "/version", $"version must be \"latest\" or \"v1.N\" (got {Quote(versionText)})");
        }

        return new LevelVersion(level, version);
    }

    private (bool Seccomp, bool NoToken) ReadDefaults(JsonObject item, string at)
    {
        var p = at + "/defaults";
        if (Mapping(item, "defaults", p, required: false) is not { } map)
        {
            return (false, false);
        }

        Fields(map, p, DefaultsFields);
        var seccomp = String(map, "seccompProfile", p, required: false);
        if (seccomp is not null and not "RuntimeDefault")
        {
            Problem(p + "/seccompProfile", $"seccompProfile can only default to RuntimeDefault (got {Quote(seccomp)})");
        }

        var noToken = false;
        if (map["automountServiceAccountToken"] is { } token)
        {
            if (token is JsonValue tv && tv.TryGetValue(out bool b) && !b)
            {
                noToken = true;
            }
            else
            {
                Problem(p + "/automountServiceAccountToken", $"automountServiceAccountToken can only default to false (got {token.ToJsonString()})");
            }
        }

        return (seccomp is not null, noToken);
    }

    private List<TierMatchRule> ReadRules(JsonObject tier, string at)
    {
        var rules = new List<TierMatchRule>();
        if (List(tier, "match", at, required: false) is not { } items)
        {
            return rules;
        }

        if (items.Count == 0)
        {
            Problem(at + "/match", "match is empty; leave it out for a catch-all tier");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var p = $"{at}/match/{i}";
            if (AsMapping(items[i], p) is not { } rule)
            {
                continue;
            }

            Fields(rule, p, RuleFields);
            var namespaces = new List<string>();
            if (List(rule, "namespaces", p, required: false) is { } nsItems)
            {
                for (var j = 0; j < nsItems.Count; j++)
                {
                    if (AsString(nsItems[j], $"{p}/namespaces/{j}") is not { } ns)
                    {
                        continue;
                    }

                    if (!Names.IsDnsLabel(ns))
                    {
                        Problem($"{p}/namespaces/{j}", $"namespace {Quote(ns)} is not a valid namespace name (a lowercase DNS label)");
                    }

                    namespaces.Add(ns);
                }
            }

            var nsSelector = Selector(rule, "namespaceSelector", p);
            var podSelector = Selector(rule, "podSelector", p);
            var images = ReadImages(rule, p);
            if (namespaces.Count == 0 && nsSelector is null && podSelector is null && images is null)
            {
                Problem(p, "match rule has no criteria: give namespaces, namespaceSelector, podSelector or images");
                continue;
            }

            rules.Add(new TierMatchRule(namespaces, nsSelector, podSelector, images));
        }

        return rules;
    }

    private LabelSelector? Selector(JsonObject rule, string field, string at)
    {
        var p = at + "/" + field;
        if (Mapping(rule, field, p, required: false) is not { } map)
        {
            return null;
        }

        Fields(map, p, SelectorFields);
        var labels = Labels(map, "matchLabels", p + "/matchLabels");
        var requirements = new List<LabelSelectorRequirement>();
        if (List(map, "matchExpressions", p, required: false) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var rp = $"{p}/matchExpressions/{i}";
                if (AsMapping(items[i], rp) is not { } req)
                {
                    continue;
                }

                Fields(req, rp, RequirementFields);
                var key = String(req, "key", rp, required: true);
                if (key is not null && !Names.IsLabelKey(key))
                {
                    Problem(rp + "/key", $"{Quote(key)} is not a valid label key");
                }

                var op = String(req, "operator", rp, required: true);
                var values = new List<string>();
                if (List(req, "values", rp, required: false) is { } valueItems)
                {
                    for (var j = 0; j < valueItems.Count; j++)
                    {
                        if (AsString(valueItems[j], $"{rp}/values/{j}") is { } v)
                        {
                            if (!Names.IsLabelValue(v))
                            {
                                Problem($"{rp}/values/{j}", $"{Quote(v)} is not a valid label value");
                            }

                            values.Add(v);
                        }
                    }
                }

                switch (op)
                {
                    case "In" or "NotIn" when values.Count == 0:
                        Problem(rp, $"operator {op} needs at least one value");
                        break;
                    case "Exists" or "DoesNotExist" when values.Count > 0:
                        Problem(rp + "/values", $"operator {op} takes no values");
                        break;
                    case null or "In" or "NotIn" or "Exists" or "DoesNotExist":
                        break;
                    default:
                        Problem(rp + "/operator", $"operator must be In, NotIn, Exists or DoesNotExist (got {Quote(op)})");
                        break;
                }

                if (key is not null && op is not null)
                {
                    requirements.Add(new LabelSelectorRequirement(key, op, values));
                }
            }
        }

        if (map.Count == 0)
        {
            Problem(p, $"{field} is empty; it would match everything (leave it out instead)");
        }

        return new LabelSelector(labels, requirements);
    }

    private ImageOrigin? ReadImages(JsonObject rule, string at)
    {
        var p = at + "/images";
        if (Mapping(rule, "images", p, required: false) is not { } map)
        {
            return null;
        }

        Fields(map, p, ImageFields);
        var registriesIn = Registries(map, "registriesIn", p);
        var registriesNotIn = Registries(map, "registriesNotIn", p);
        if (map.ContainsKey("registriesIn") && map.ContainsKey("registriesNotIn"))
        {
            Problem(p, "images takes registriesIn or registriesNotIn, not both (use two match rules)");
        }
        else if (map["registriesIn"] is not JsonArray { Count: > 0 } && map["registriesNotIn"] is not JsonArray { Count: > 0 })
        {
            Problem(p, "images needs a non-empty registriesIn or registriesNotIn list");
        }

        return new ImageOrigin(registriesIn, registriesNotIn);
    }

    private List<string> Registries(JsonObject map, string field, string at)
    {
        var result = new List<string>();
        if (List(map, field, at, required: false) is not { } items)
        {
            return result;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var p = $"{at}/{field}/{i}";
            if (AsString(items[i], p) is not { } pattern)
            {
                continue;
            }

            if (RegistryPattern.Validate(pattern) is { } error)
            {
                Problem(p, $"registry {Quote(pattern)}: {error}");
            }
            else
            {
                result.Add(pattern);
            }
        }

        return result;
    }

    private Dictionary<string, string> Labels(JsonObject parent, string field, string at)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Mapping(parent, field, at, required: false) is not { } map)
        {
            return labels;
        }

        foreach (var (key, value) in map)
        {
            var p = at + "/" + JsonPatch.EscapeToken(key);
            if (!Names.IsLabelKey(key))
            {
                Problem(p, $"{Quote(key)} is not a valid label key");
            }

            if (value is not JsonValue v || !v.TryGetValue(out string? text))
            {
                var shown = value?.ToJsonString() ?? "null";
                Problem(p, $"label {Quote(key)}: value must be a string (write it quoted: \"{shown.Trim('"')}\")");
                continue;
            }

            if (!Names.IsLabelValue(text))
            {
                Problem(p, $"label {Quote(key)}: {Quote(text)} is not a valid label value");
            }

            labels[key] = text;
        }

        return labels;
    }

    private FailureMode? FailureModeOf(JsonObject map, string at)
    {
        var text = String(map, "failureMode", at, required: false);
        switch (text)
        {
            case null:
                return null;
            case "closed":
                return FailureMode.Closed;
            case "open":
                return FailureMode.Open;
            default:
                Problem(at + "/failureMode", $"failureMode must be closed or open (got {Quote(text)})");
                return null;
        }
    }

    private void Fields(JsonObject map, string at, string[] allowed)
    {
        foreach (var (key, _) in map)
        {
            if (Array.IndexOf(allowed, key) < 0)
            {
                Problem(at + "/" + JsonPatch.EscapeToken(key), $"unknown field {Quote(key)} in {Where(at)} (expected {string.Join(", ", allowed)})");
            }
        }
    }

    private JsonObject? Mapping(JsonObject parent, string field, string pointer, bool required)
    {
        var node = parent[field];
        if (node is null)
        {
            if (required)
            {
                Problem(Parent(pointer), $"missing field {Quote(field)} in {Where(Parent(pointer))}");
            }

            return null;
        }

        return AsMapping(node, pointer);
    }

    private JsonArray? List(JsonObject parent, string field, string at, bool required)
    {
        var node = parent[field];
        var p = at + "/" + field;
        if (node is null)
        {
            if (required)
            {
                Problem(at, $"missing field {Quote(field)} in {Where(at)}");
            }

            return null;
        }

        if (node is not JsonArray array)
        {
            Problem(p, $"{field} must be a list");
            return null;
        }

        return array;
    }

    private string? String(JsonObject parent, string field, string at, bool required)
    {
        var node = parent[field];
        if (node is null)
        {
            if (required)
            {
                Problem(at, $"missing field {Quote(field)} in {Where(at)}");
            }

            return null;
        }

        return AsString(node, at + "/" + field, field);
    }

    private JsonObject? AsMapping(JsonNode? node, string pointer)
    {
        if (node is JsonObject obj)
        {
            return obj;
        }

        Problem(pointer, $"{Where(pointer)} must be a mapping");
        return null;
    }

    private string? AsString(JsonNode? node, string pointer, string? field = null)
    {
        if (node is JsonValue v && v.TryGetValue(out string? s))
        {
            if (s.Length == 0)
            {
                Problem(pointer, $"{field ?? Where(pointer)} must not be empty");
                return null;
            }

            return s;
        }

        Problem(pointer, $"{field ?? Where(pointer)} must be a string (got {node?.ToJsonString() ?? "null"})");
        return null;
    }

    private void Problem(string pointer, string message)
    {
        var at = _obj.Locate(pointer);
        _problems.Add(new PolicyProblem(_obj.Source, at.Line, at.Column, message));
    }

    private static string Parent(string pointer)
    {
        var slash = pointer.LastIndexOf('/');
        return slash <= 0 ? "" : pointer[..slash];
    }

    /// <summary><c>/spec/tiers/0/match</c> as people write it: <c>spec.tiers[0].match</c>.</summary>
    private static string Where(string pointer)
    {
        if (pointer.Length == 0)
        {
            return "the policy";
        }

        var sb = new System.Text.StringBuilder();
        foreach (var token in pointer[1..].Split('/'))
        {
            if (token.Length > 0 && token.AsSpan().ContainsOnlyDigits())
            {
                sb.Append('[').Append(token).Append(']');
            }
            else
            {
                if (sb.Length > 0)
                {
                    sb.Append('.');
                }

                sb.Append(token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }
        }

        return sb.ToString();
    }

    private static string KnownList(HashSet<string> known) =>
        known.Count == 0 ? " (none are defined)" : $" ({string.Join(", ", known.Order(StringComparer.Ordinal))})";

    private static string Quote(string? text) => text is null ? "nothing" : $"\"{text}\"";
}

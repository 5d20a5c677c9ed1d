using System.Text.Json.Nodes;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;
using Palisade.Core.Policy.Export;

namespace Palisade.Core.Tests.Policy.Export;

/// <summary>
/// The differential check: each case goes through Palisade's engine and through the exported CEL evaluated by
/// cel-js. Compared: the tier and why it matched, the mutation (the MutatingAdmissionPolicy / MutatingPolicy JSON
/// Patch against the engine's patch, and empty on reinvocation), and the runtime-class verdict and message of the
/// ValidatingAdmissionPolicy / Kyverno ValidatingPolicy CEL and of the Gatekeeper CEL, pods checked as admitted
/// (after the CEL's own patch, applied in C#), controllers as written. Kyverno ClusterPolicy's inlined tier
/// precondition is compared too.
/// </summary>
internal static class Differential
{
    public sealed record Stats(int Cases, long Evaluations, int Denied, int Patched, List<string> Disagreements);

    /// <summary>Runs <paramref name="cases"/> under every policy; <paramref name="breaker"/> may sabotage a variable to prove the check can fail.</summary>
    public static Stats Run(IReadOnlyList<RuntimePolicy> policies, IReadOnlyList<ExportCorpus.Case> cases, Func<CelVariable, CelVariable>? breaker = null)
    {
        var programs = new List<CelDriver.Program>();
        var round1 = new List<(int Program, JsonObject Bindings)>();
        var work = new List<(int Policy, ExportCorpus.Case Case, PolicyDecision Decision, JsonObject Facts)>();
        var celPolicies = new List<(CelPolicy Vap, CelPolicy Gatekeeper)>();
        foreach (var (policy, p) in policies.Select((x, i) => (x, i)))
        {
            var vap = new CelPolicy(policy, NamespaceFacts.NamespaceObject);
            var gk = new CelPolicy(policy, NamespaceFacts.Parameters);
            celPolicies.Add((vap, gk));
            programs.Add(Program(vap, breaker, includeMutation: true, inlineTier: vap.Inline("variables.tier")));
            programs.Add(Program(gk, breaker, includeMutation: false, inlineTier: null));
            var engine = new RuntimePolicyEngine(policy);
            foreach (var c in cases)
            {
                var decision = engine.Evaluate(Request(c));
                var facts = new JsonObject();
                foreach (var (id, rule) in gk.NamespaceRules)
                {
                    facts[id] = (rule.Namespaces.Count == 0 || rule.Namespaces.Contains(c.Namespace))
                        && (rule.NamespaceSelector is null || new CompiledSelector(rule.NamespaceSelector, "namespace").Matches((IReadOnlyDictionary<string, string>)c.NamespaceLabels));
                }

                work.Add((p, c, decision, facts));
                round1.Add((2 * p, VapBindings(c, c.Object)));
                round1.Add((2 * p + 1, GatekeeperBindings(c.Object, facts)));
            }
        }

        var first = CelDriver.Run(programs, round1);
        var disagreements = new List<string>();
        var round2 = new List<(int Program, JsonObject Bindings)>();
        var mutated = new List<JsonObject>();
        var patched = 0;
        for (var i = 0; i < work.Count; i++)
        {
            var (p, c, decision, facts) = work[i];
            var vap = first.Results[2 * i];
            var gk = first.Results[2 * i + 1];
            var where = $"policy {policies[p].Name}, case {c.Seed} ({c.Kind} {c.Namespace})";
            Same(disagreements, where, "tier", decision.Tier, vap["tier"]);
            Same(disagreements, where, "gatekeeper tier", decision.Tier, gk["tier"]);
            Same(disagreements, where, "kyverno precondition tier", decision.Tier, vap["inlineTier"]);
            Same(disagreements, where, "reason", decision.TierReason, vap["reason"]);
            var checkedObject = c.Object;
            if (c.Kind == "Pod" && vap["mutation"] is { } mutation)
            {
                var expected = new JsonArray([.. decision.Patch.Select(op => (JsonNode?)new JsonObject { ["op"] = op.Op, ["path"] = op.Path, ["value"] = op.Value?.DeepClone() })]);
                if (!JsonNode.DeepEquals(expected, mutation))
                {
                    disagreements.Add($"{where}: mutation: engine {expected.ToJsonString()}, CEL {mutation.ToJsonString()}");
                }
                else if (mutation is JsonArray { Count: > 0 } ops)
                {
                    patched++;
                    checkedObject = JsonPatch.Apply(c.Object, [.. ops.Select(o => new JsonPatchOperation(o!["op"]!.GetValue<string>(), o["path"]!.GetValue<string>(), o["value"]?.DeepClone()))]).AsObject();
                }
            }

            mutated.Add(checkedObject);
            round2.Add((2 * p, VapBindings(c, checkedObject)));
            round2.Add((2 * p + 1, GatekeeperBindings(checkedObject, facts)));
        }

        var second = CelDriver.Run(programs, round2);
        var denied = 0;
        for (var i = 0; i < work.Count; i++)
        {
            var (p, c, decision, _) = work[i];
            var where = $"policy {policies[p].Name}, case {c.Seed} ({c.Kind} {c.Namespace})";
            var expected = decision.Violations.FirstOrDefault(v => v.Check == RuntimePolicyEngine.RuntimeClassCheck)?.Message;
            denied += expected is null ? 0 : 1;
            var validations = celPolicies[p].Vap.Validations.Count;
            Verdict(disagreements, where, "validating policy", expected, second.Results[2 * i], validations);
            Verdict(disagreements, where, "gatekeeper", expected, second.Results[2 * i + 1], validations);
            if (c.Kind == "Pod" && second.Results[2 * i]["mutation"] is { } again && again is not JsonArray { Count: 0 })
            {
                disagreements.Add($"{where}: reinvocation: the mutation is not idempotent, second patch {again.ToJsonString()}");
            }
        }

        return new Stats(work.Count, first.Evaluations + second.Evaluations, denied, patched, disagreements);
    }

    private static CelDriver.Program Program(CelPolicy cel, Func<CelVariable, CelVariable>? breaker, bool includeMutation, string? inlineTier)
    {
        var outputs = new Dictionary<string, string> { ["tier"] = "variables.tier", ["reason"] = "variables.reason" };
        for (var v = 0; v < cel.Validations.Count; v++)
        {
            outputs[$"v{v}"] = cel.Validations[v].Expression;
            outputs[$"m{v}"] = cel.Validations[v].MessageExpression;
        }

        if (includeMutation && cel.MutationExpression is { } m)
        {
            outputs["mutation"] = m;
        }

        if (inlineTier is not null)
        {
            outputs["inlineTier"] = inlineTier;
        }

        var variables = cel.Variables.Select(v => breaker is null ? v : breaker(v)).Select(v => (v.Name, v.Expression)).ToList();
        return new CelDriver.Program(variables, outputs);
    }

    private static void Verdict(List<string> disagreements, string where, string what, string? expected, JsonObject result, int validations)
    {
        string? failed = null;
        for (var v = 0; v < validations; v++)
        {
            var value = result[$"v{v}"];
            if (value is not JsonValue b || b.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            {
                disagreements.Add($"{where}: {what}: validation {v} did not evaluate to a bool: {value?.ToJsonString()}");
                return;
            }

            if (!b.GetValue<bool>())
            {
                failed = result[$"m{v}"]?.ToString();
                break;
            }
        }

        if (expected != failed)
        {
            disagreements.Add($"{where}: {what}: engine {(expected is null ? "allows" : $"denies \"{expected}\"")}, CEL {(failed is null ? "allows" : $"denies \"{failed}\"")}");
        }
    }

    private static void Same(List<string> disagreements, string where, string what, string expected, JsonNode? actual)
    {
        if (actual is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String || v.GetValue<string>() != expected)
        {
            disagreements.Add($"{where}: {what}: engine \"{expected}\", CEL {actual?.ToJsonString() ?? "nothing"}");
        }
    }

    private static JsonObject VapBindings(ExportCorpus.Case c, JsonObject obj)
    {
        var nsMetadata = new JsonObject { ["name"] = c.Namespace };
        if (c.NamespaceLabels.Count > 0)
        {
            nsMetadata["labels"] = ExportCorpus.Labels(c.NamespaceLabels);
        }

        return new JsonObject
        {
            ["object"] = obj.DeepClone(),
            ["namespaceObject"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = nsMetadata },
            ["request"] = new JsonObject { ["namespace"] = c.Namespace, ["operation"] = "CREATE" },
        };
    }

    private static JsonObject GatekeeperBindings(JsonObject obj, JsonObject facts) => new()
    {
        ["object"] = obj.DeepClone(),
        ["params"] = new JsonObject { ["namespaceRules"] = facts.DeepClone() },
    };

    private static PolicyRequest Request(ExportCorpus.Case c)
    {
        var set = ManifestLoader.LoadText($"case-{c.Seed}.json", c.Object.ToJsonString());
        var obj = Assert.Single(set.Objects);
        var read = PodTemplateReader.Read(obj);
        Assert.NotNull(read.Template);
        return PolicyRequestFactory.Create(obj, read.Template, c.NamespaceLabels);
    }
}

using System.Text.Json.Nodes;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Policy.Export;

/// <summary>
/// Kyverno. From 1.15: CEL policies (<c>policies.kyverno.io</c>: v1 from 1.18, v1beta1 in 1.16–1.17, v1alpha1 in
/// 1.15), a ValidatingPolicy that denies pods, one that warns on controllers, and a MutatingPolicy, with autogen
/// off. 1.11–1.14: <c>kyverno.io/v1</c> ClusterPolicy with CEL validate rules (one per kind), podSecurity rules and
/// mutate rules gated by <c>celPreconditions</c>. Before 1.11 Kyverno has no CEL and no namespaceObject: refused.
/// </summary>
internal static class KyvernoEmitter
{
    private const string AutogenAnnotation = "pod-policies.kyverno.io/autogen-controllers";

    public static ExportResult Emit(RuntimePolicy policy, ExportOptions options)
    {
        var k = options.KyvernoMinor;
        if (k < 11)
        {
            return ExportResult.Refused($"Kyverno 1.{k} has no CEL rules and no namespaceObject (both since 1.11): upgrade Kyverno, or use --to gatekeeper or the palisade webhook");
        }

        return k >= 15 ? CelPolicies(policy, k) : ClusterPolicies(policy, k);
    }

    private static ExportResult CelPolicies(RuntimePolicy policy, int k)
    {
        var apiVersion = "policies.kyverno.io/" + (k >= 18 ? "v1" : k >= 16 ? "v1beta1" : "v1alpha1");
        var losses = new List<ExportLoss>();
        var notes = new List<string>();
        var cel = new CelPolicy(policy, NamespaceFacts.NamespaceObject);
        var files = new List<ExportFile>();
        var name = ExportNames.Base(policy);
        if (cel.Validations.Count > 0)
        {
            var failure = ExportNames.FailurePolicy(policy.Tiers.Where(t => t.SandboxRequired), "ValidatingPolicy", losses);
            files.Add(new ExportFile("kyverno-validating-policies.yaml",
            [
                Validating(apiVersion, name + "-runtime-class-pods", policy, cel, failure, pods: true, "Deny"),
                Validating(apiVersion, name + "-runtime-class-controllers", policy, cel, failure, pods: false, "Warn"),
            ]));
        }

        if (cel.MutationExpression is { } mutation)
        {
            var mutating = policy.Tiers.Where(t => t.RuntimeClass is not null || t.DefaultSeccompProfile || t.DisableServiceAccountTokenAutomount);
            files.Add(new ExportFile("kyverno-mutating-policy.yaml", [new JsonObject
            {
                ["apiVersion"] = apiVersion,
                ["kind"] = "MutatingPolicy",
                ["metadata"] = ExportNames.Metadata(name + "-defaults", policy),
                ["spec"] = new JsonObject
                {
                    ["failurePolicy"] = ExportNames.FailurePolicy(mutating, "MutatingPolicy", losses),
                    ["matchConstraints"] = new JsonObject { ["resourceRules"] = ExportNames.ResourceRules(true, false, "CREATE") },
                    ["variables"] = ExportNames.Variables(cel),
                    ["mutations"] = new JsonArray(new JsonObject
                    {
                        ["patchType"] = "JSONPatch",
                        ["jsonPatch"] = new JsonObject { ["expression"] = mutation },
                    }),
                    ["reinvocationPolicy"] = "IfNeeded",
                    ["autogen"] = new JsonObject
                    {
                        ["podControllers"] = new JsonObject { ["controllers"] = new JsonArray() },
                        ["mutatingAdmissionPolicy"] = new JsonObject { ["enabled"] = false },
                    },
                },
            }]));
        }

        files.AddRange(PodSecurityPlan.Build(policy, losses, notes));
        notes.Add("Kyverno's CEL policies have no podSecurity rule: Pod Security is left to Pod Security Admission (export --kyverno-version 1.14 for ClusterPolicy podSecurity rules)");
        return new ExportResult(files, losses, notes);
    }

    private static JsonObject Validating(string apiVersion, string name, RuntimePolicy policy, CelPolicy cel, string failure, bool pods, string action) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = "ValidatingPolicy",
        ["metadata"] = ExportNames.Metadata(name, policy),
        ["spec"] = new JsonObject
        {
            ["validationActions"] = ExportNames.Strings([action]),
            ["failurePolicy"] = failure,
            ["matchConstraints"] = new JsonObject { ["resourceRules"] = ExportNames.ResourceRules(pods, !pods, "CREATE", "UPDATE") },
            ["variables"] = ExportNames.Variables(cel),
            ["validations"] = ExportNames.Validations(cel),
            ["autogen"] = new JsonObject { ["podControllers"] = new JsonObject { ["controllers"] = new JsonArray() } },
        },
    };

    private static ExportResult ClusterPolicies(RuntimePolicy policy, int k)
    {
        var losses = new List<ExportLoss>();
        var notes = new List<string>
        {
            $"Kyverno 1.{k}: kyverno.io/v1 ClusterPolicy with CEL rules; spec.validationFailureAction is deprecated from 1.13 in favour of per-rule failureAction but still read",
        };
        var cel = new CelPolicy(policy, NamespaceFacts.NamespaceObject);
        var name = ExportNames.Base(policy);
        var objects = new List<JsonObject>();
        if (cel.Validations.Count > 0)
        {
            objects.Add(ClusterPolicy(name + "-runtime-class-pods", policy, "Enforce", [CelRule(cel, "Pod")]));
            objects.Add(ClusterPolicy(name + "-runtime-class-controllers", policy, "Audit", [.. ExportNames.Controllers.Select(c => CelRule(cel, c.Kind))]));
        }

        var podSecurity = new List<JsonObject>();
        foreach (var tier in policy.Tiers.Where(t => t.PodSecurity.Level != PodSecurityLevel.Privileged))
        {
            podSecurity.Add(new JsonObject
            {
                ["name"] = $"pod-security-{tier.Name}",
                ["match"] = Match("Pod", "CREATE", "UPDATE"),
                ["celPreconditions"] = new JsonArray(new JsonObject { ["name"] = "tier", ["expression"] = cel.Inline($"variables.tier == {CelPolicy.Quote(tier.Name)}") }),
                ["validate"] = new JsonObject
                {
                    ["podSecurity"] = new JsonObject
                    {
                        ["level"] = LevelNames.Format(tier.PodSecurity.Level),
                        ["version"] = tier.PodSecurity.Version.ToString(),
                    },
                },
            });
        }

        if (podSecurity.Count > 0)
        {
            objects.Add(ClusterPolicy(name + "-pod-security", policy, "Enforce", podSecurity));
            notes.Add("controllers: Pod Security is checked on their pods (the podSecurity rules match Pods; autogen is off)");
        }

        var mutate = new List<JsonObject>();
        foreach (var tier in policy.Tiers)
        {
            var spec = new JsonObject();
            if (tier.RuntimeClass is { } rc)
            {
                spec["+(runtimeClassName)"] = rc;
            }

            if (tier.DefaultSeccompProfile)
            {
                spec["+(securityContext)"] = new JsonObject { ["+(seccompProfile)"] = new JsonObject { ["type"] = "RuntimeDefault" } };
            }

            if (tier.DisableServiceAccountTokenAutomount)
            {
                spec["+(automountServiceAccountToken)"] = false;
            }

            if (spec.Count == 0)
            {
                continue;
            }

            mutate.Add(new JsonObject
            {
                ["name"] = $"defaults-{tier.Name}",
                ["match"] = Match("Pod", "CREATE"),
                ["celPreconditions"] = new JsonArray(new JsonObject { ["name"] = "tier", ["expression"] = cel.Inline($"variables.tier == {CelPolicy.Quote(tier.Name)}") }),
                ["mutate"] = new JsonObject { ["patchStrategicMerge"] = new JsonObject { ["spec"] = spec } },
            });
        }

        if (mutate.Count > 0)
        {
            objects.Add(ClusterPolicy(name + "-defaults", policy, null, mutate));
        }

        return new ExportResult([new ExportFile("kyverno-cluster-policies.yaml", objects)], losses, notes);
    }

    private static JsonObject CelRule(CelPolicy cel, string kind) => new()
    {
        ["name"] = $"runtime-class-{kind.ToLowerInvariant()}",
        ["match"] = Match(kind, "CREATE", "UPDATE"),
        ["validate"] = new JsonObject
        {
            ["cel"] = new JsonObject
            {
                ["variables"] = ExportNames.Variables(cel),
                ["expressions"] = new JsonArray([.. cel.Validations.Select(v => (JsonNode?)new JsonObject
                {
                    ["expression"] = v.Expression,
                    ["messageExpression"] = v.MessageExpression,
                    ["message"] = v.Message,
                })]),
            },
        },
    };

    private static JsonObject Match(string kind, params string[] operations) => new()
    {
        ["any"] = new JsonArray(new JsonObject
        {
            ["resources"] = new JsonObject { ["kinds"] = ExportNames.Strings([kind]), ["operations"] = ExportNames.Strings(operations) },
        }),
    };

    private static JsonObject ClusterPolicy(string name, RuntimePolicy policy, string? failureAction, List<JsonObject> rules)
    {
        var metadata = ExportNames.Metadata(name, policy);
        ((JsonObject)metadata["annotations"]!)[AutogenAnnotation] = "none";
        var spec = new JsonObject { ["background"] = false };
        if (failureAction is not null)
        {
            spec["validationFailureAction"] = failureAction;
        }

        spec["rules"] = new JsonArray([.. rules]);
        return new JsonObject
        {
            ["apiVersion"] = "kyverno.io/v1",
            ["kind"] = "ClusterPolicy",
            ["metadata"] = metadata,
            ["spec"] = spec,
        };
    }
}

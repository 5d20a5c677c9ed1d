using System.Text.Json.Nodes;

namespace Palisade.Core.Policy.Export;

/// <summary>
/// Gatekeeper: a ConstraintTemplate with the K8sNativeValidation (CEL) engine, which Gatekeeper evaluates in
/// preference to Rego, and the same rule in Rego; Constraints; Assign mutators. Gatekeeper's CEL has no
/// namespaceObject, so each rule's namespace criteria become a boolean parameter and one Constraint is emitted per
/// combination of them, its <c>match</c> selecting the namespaces where exactly that combination holds.
/// </summary>
internal static class GatekeeperEmitter
{
    private const string Kind = "K8sPalisadeRuntimeClass";
    private const int MaxNamespaceRules = 6;

    public static ExportResult Emit(RuntimePolicy policy, ExportOptions options)
    {
        _ = options;
        var losses = new List<ExportLoss>();
        var notes = new List<string>
        {
            "Gatekeeper evaluates the template's K8sNativeValidation (CEL) engine in preference to Rego; the CEL is verified by Palisade's tests, the Rego is not (no opa binary can be installed here): it is checked against golden files only",
        };
        var cel = new CelPolicy(policy, NamespaceFacts.Parameters);
        var namespaceRules = cel.NamespaceRules;
        if (namespaceRules.Count > MaxNamespaceRules)
        {
            return ExportResult.Refused($"policy has {namespaceRules.Count} match rules with namespace criteria; Gatekeeper needs one Constraint per combination of them (2^n), at most {MaxNamespaceRules} are exported");
        }

        var files = new List<ExportFile>();
        var name = ExportNames.Base(policy);
        if (cel.Validations.Count > 0)
        {
            files.Add(new ExportFile("gatekeeper-constraint-template.yaml", [Template(cel, policy, namespaceRules)]));
            var constraints = new List<JsonObject>();
            var combinations = 1 << namespaceRules.Count;
            for (var bits = 0; bits < combinations; bits++)
            {
                var match = NamespaceMatch(namespaceRules, bits, out var why);
                if (match is null)
                {
                    if (why is not null)
                    {
                        losses.Add(new ExportLoss(null, why));
                    }

                    continue;
                }

                var facts = new JsonObject();
                for (var i = 0; i < namespaceRules.Count; i++)
                {
                    facts[namespaceRules[i].Id] = (bits & (1 << i)) != 0;
                }

                foreach (var (suffix, pods, action) in new[] { ("pods", true, "deny"), ("controllers", false, "warn") })
                {
                    var m = (JsonObject)match.DeepClone();
                    m["kinds"] = pods
                        ? new JsonArray(new JsonObject { ["apiGroups"] = ExportNames.Strings([""]), ["kinds"] = ExportNames.Strings(["Pod"]) })
                        : new JsonArray([.. ExportNames.Controllers.GroupBy(c => c.Group).Select(g => (JsonNode?)new JsonObject { ["apiGroups"] = ExportNames.Strings([g.Key]), ["kinds"] = ExportNames.Strings(g.Select(c => c.Kind)) })]);
                    constraints.Add(new JsonObject
                    {
                        ["apiVersion"] = "constraints.gatekeeper.sh/v1beta1",
                        ["kind"] = Kind,
                        ["metadata"] = ExportNames.Metadata($"{name}-{suffix}-{bits}", policy),
                        ["spec"] = new JsonObject
                        {
                            ["enforcementAction"] = action,
                            ["match"] = m,
                            ["parameters"] = new JsonObject { ["namespaceRules"] = facts.DeepClone() },
                        },
                    });
                }
            }

            files.Add(new ExportFile("gatekeeper-constraints.yaml", constraints));
        }

        var assigns = AssignPlan.Build(policy, losses);
        if (assigns.Count > 0)
        {
            files.Add(new ExportFile("gatekeeper-assign.yaml", assigns));
        }

        files.AddRange(PodSecurityPlan.Build(policy, losses, notes));
        return new ExportResult(files, losses, notes);
    }

    private static JsonObject Template(CelPolicy cel, RuntimePolicy policy, IReadOnlyList<(string Id, TierMatchRule Rule)> namespaceRules)
    {
        var properties = new JsonObject();
        foreach (var (id, _) in namespaceRules)
        {
            properties[id] = new JsonObject { ["type"] = "boolean" };
        }

        return new JsonObject
        {
            ["apiVersion"] = "templates.gatekeeper.sh/v1",
            ["kind"] = "ConstraintTemplate",
            ["metadata"] = ExportNames.Metadata(Kind.ToLowerInvariant(), policy),
            ["spec"] = new JsonObject
            {
                ["crd"] = new JsonObject
                {
                    ["spec"] = new JsonObject
                    {
                        ["names"] = new JsonObject { ["kind"] = Kind },
                        ["validation"] = new JsonObject
                        {
                            ["openAPIV3Schema"] = new JsonObject
                            {
                                ["type"] = "object",
                                ["properties"] = new JsonObject
                                {
                                    ["namespaceRules"] = new JsonObject
                                    {
                                        ["description"] = "Whether each match rule's namespace criteria hold for the namespaces this constraint matches.",
                                        ["type"] = "object",
                                        ["properties"] = properties,
                                    },
                                },
                            },
                        },
                    },
                },
                ["targets"] = new JsonArray(new JsonObject
                {
                    ["target"] = "admission.k8s.gatekeeper.sh",
                    ["code"] = new JsonArray(new JsonObject
                    {
                        ["engine"] = "K8sNativeValidation",
                        ["source"] = new JsonObject
                        {
                            ["variables"] = ExportNames.Variables(cel),
                            ["validations"] = new JsonArray([.. cel.Validations.Select(v => (JsonNode?)new JsonObject
                            {
                                ["expression"] = v.Expression,
                                ["messageExpression"] = v.MessageExpression,
                                ["message"] = v.Message,
                            })]),
                        },
                    }),
                    ["rego"] = RegoText.Write(policy),
                }),
            },
        };
    }

    /// <summary>
    /// A constraint <c>match</c> selecting the namespaces where rule i's namespace criteria hold exactly when bit i is
    /// set; null when no namespace can (an empty intersection) or when a negation cannot be written as a selector
    /// (<paramref name="why"/> says which).
    /// </summary>
    private static JsonObject? NamespaceMatch(IReadOnlyList<(string Id, TierMatchRule Rule)> rules, int bits, out string? why)
    {
        why = null;
        List<string>? included = null;
        var excluded = new List<string>();
        var requirements = new JsonArray();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i].Rule;
            if ((bits & (1 << i)) != 0)
            {
                if (rule.Namespaces.Count > 0)
                {
                    included = included is null ? [.. rule.Namespaces] : [.. included.Intersect(rule.Namespaces, StringComparer.Ordinal)];
                }

                if (rule.NamespaceSelector is { } selector)
                {
                    foreach (var r in Requirements(selector))
                    {
                        requirements.Add(r);
                    }
                }

                continue;
            }

            var parts = (rule.Namespaces.Count > 0 ? 1 : 0) + (rule.NamespaceSelector is { } s ? Requirements(s).Count : 0);
            if (parts != 1)
            {
                why = $"rule {rules[i].Id}: its namespace criteria have {parts} parts; Gatekeeper's match cannot select the namespaces where they do not all hold, so those namespaces get no constraint";
                return null;
            }

            if (rule.Namespaces.Count > 0)
            {
                excluded.AddRange(rule.Namespaces);
            }
            else
            {
                requirements.Add(Negate(Requirements(rule.NamespaceSelector!)[0]));
            }
        }

        if (included is { Count: 0 })
        {
            return null;
        }

        var match = new JsonObject { ["scope"] = "Namespaced" };
        if (included is not null)
        {
            match["namespaces"] = ExportNames.Strings(included.Except(excluded, StringComparer.Ordinal));
        }
        else if (excluded.Count > 0)
        {
            match["excludedNamespaces"] = ExportNames.Strings(excluded.Distinct(StringComparer.Ordinal));
        }

        if (requirements.Count > 0)
        {
            match["namespaceSelector"] = new JsonObject { ["matchExpressions"] = requirements };
        }

        return match;
    }

    internal static List<JsonObject> Requirements(LabelSelector selector) =>
        [.. selector.MatchLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Requirement(p.Key, "In", [p.Value]))
            .Concat(selector.MatchExpressions.Select(r => Requirement(r.Key, r.Operator, r.Values)))];

    internal static JsonObject Negate(JsonObject requirement)
    {
        var op = requirement["operator"]!.GetValue<string>() switch
        {
            "In" => "NotIn",
            "NotIn" => "In",
            "Exists" => "DoesNotExist",
            _ => "Exists",
        };
        var values = requirement["values"] is JsonArray v ? [.. v.Select(x => x!.GetValue<string>())] : Array.Empty<string>();

        // NotIn also holds when the key is absent, so its negation needs the key: In does that.
        return Requirement(requirement["key"]!.GetValue<string>(), op, values);
    }

    private static JsonObject Requirement(string key, string op, IReadOnlyList<string> values)
    {
        var r = new JsonObject { ["key"] = key, ["operator"] = op };
        if (op is "In" or "NotIn")
        {
            r["values"] = ExportNames.Strings(values);
        }

        return r;
    }
}

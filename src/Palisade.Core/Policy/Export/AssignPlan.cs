using System.Text.Json.Nodes;

namespace Palisade.Core.Policy.Export;

/// <summary>
/// Gatekeeper <c>Assign</c> mutators for pods on CREATE: one per tier rule and field (runtime class, seccomp profile,
/// token automount), each with a MustNotExist path test so a value the pod sets is kept. A rule's match excludes the
/// pods of earlier tiers; what a Gatekeeper match cannot say (images, or negating a rule of several parts) is a loss.
/// </summary>
internal static class AssignPlan
{
    public static List<JsonObject> Build(RuntimePolicy policy, List<ExportLoss> losses)
    {
        var result = new List<JsonObject>();
        var earlier = new List<TierMatchRule>();
        foreach (var tier in policy.Tiers)
        {
            var fields = Fields(tier);
            if (fields.Count > 0)
            {
                var rules = tier.IsCatchAll ? [new TierMatchRule([], null, null, null)] : tier.Match;
                for (var r = 0; r < rules.Count; r++)
                {
                    var match = Match(rules[r], earlier, out var why);
                    if (match is null)
                    {
                        losses.Add(new ExportLoss(tier.Name, $"Gatekeeper Assign cannot select the pods of rule {r}: {why}; they are not mutated"));
                        continue;
                    }

                    foreach (var (field, location, value) in fields)
                    {
                        result.Add(new JsonObject
                        {
                            ["apiVersion"] = "mutations.gatekeeper.sh/v1",
                            ["kind"] = "Assign",
                            ["metadata"] = ExportNames.Metadata($"{ExportNames.Base(policy)}-{tier.Name}-{r}-{field}", policy),
                            ["spec"] = new JsonObject
                            {
                                ["applyTo"] = new JsonArray(new JsonObject
                                {
                                    ["groups"] = ExportNames.Strings([""]),
                                    ["kinds"] = ExportNames.Strings(["Pod"]),
                                    ["versions"] = ExportNames.Strings(["v1"]),
                                    ["operations"] = ExportNames.Strings(["CREATE"]),
                                }),
                                ["match"] = match.DeepClone(),
                                ["location"] = location,
                                ["parameters"] = new JsonObject
                                {
                                    ["pathTests"] = new JsonArray(new JsonObject { ["subPath"] = location, ["condition"] = "MustNotExist" }),
                                    ["assign"] = new JsonObject { ["value"] = value.DeepClone() },
                                },
                            },
                        });
                    }
                }
            }

            earlier.AddRange(tier.Match);
        }

        return result;
    }

    private static List<(string Field, string Location, JsonNode Value)> Fields(PolicyTier tier)
    {
        var fields = new List<(string, string, JsonNode)>();
        if (tier.RuntimeClass is { } rc)
        {
            fields.Add(("runtime-class", "spec.runtimeClassName", JsonValue.Create(rc)));
        }

        if (tier.DefaultSeccompProfile)
        {
            fields.Add(("seccomp", "spec.securityContext.seccompProfile", new JsonObject { ["type"] = "RuntimeDefault" }));
        }

        if (tier.DisableServiceAccountTokenAutomount)
        {
            fields.Add(("automount", "spec.automountServiceAccountToken", JsonValue.Create(false)));
        }

        return fields;
    }

    private static JsonObject? Match(TierMatchRule rule, List<TierMatchRule> earlier, out string? why)
    {
        why = null;
        if (rule.Images is not null)
        {
            why = "it matches on image registries, which a Gatekeeper match cannot test";
            return null;
        }

        var labels = rule.PodSelector is { } pod ? GatekeeperEmitter.Requirements(pod) : [];
        var nsLabels = rule.NamespaceSelector is { } ns ? GatekeeperEmitter.Requirements(ns) : [];
        var excluded = new List<string>();
        foreach (var prior in earlier)
        {
            var podParts = prior.PodSelector is { } p ? GatekeeperEmitter.Requirements(p) : [];
            var nsParts = prior.NamespaceSelector is { } n ? GatekeeperEmitter.Requirements(n) : [];
            var count = podParts.Count + nsParts.Count + (prior.Namespaces.Count > 0 ? 1 : 0) + (prior.Images is null ? 0 : 1);
            if (count != 1 || prior.Images is not null)
            {
                why = "an earlier tier's rule has several criteria or image criteria, and a Gatekeeper match cannot exclude the pods it takes";
                return null;
            }

            if (podParts.Count == 1)
            {
                labels.Add(GatekeeperEmitter.Negate(podParts[0]));
            }
            else if (nsParts.Count == 1)
            {
                nsLabels.Add(GatekeeperEmitter.Negate(nsParts[0]));
            }
            else
            {
                excluded.AddRange(prior.Namespaces);
            }
        }

        var match = new JsonObject
        {
            ["scope"] = "Namespaced",
            ["kinds"] = new JsonArray(new JsonObject { ["apiGroups"] = ExportNames.Strings([""]), ["kinds"] = ExportNames.Strings(["Pod"]) }),
        };
        if (rule.Namespaces.Count > 0)
        {
            var names = rule.Namespaces.Except(excluded, StringComparer.Ordinal).ToList();
            if (names.Count == 0)
            {
                why = "every namespace it names is taken by an earlier tier";
                return null;
            }

            match["namespaces"] = ExportNames.Strings(names);
        }
        else if (excluded.Count > 0)
        {
            match["excludedNamespaces"] = ExportNames.Strings(excluded.Distinct(StringComparer.Ordinal));
        }

        if (labels.Count > 0)
        {
            match["labelSelector"] = new JsonObject { ["matchExpressions"] = new JsonArray([.. labels]) };
        }

        if (nsLabels.Count > 0)
        {
            match["namespaceSelector"] = new JsonObject { ["matchExpressions"] = new JsonArray([.. nsLabels]) };
        }

        return match;
    }
}

using System.Text.Json.Nodes;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Policy.Export;

/// <summary>
/// Pod Security for targets that leave it to the built-in Pod Security Admission: the catch-all tier's level becomes
/// the cluster default (a PodSecurityConfiguration), tiers matched by namespace get the PSA namespace labels, and a
/// tier matched by pod labels or images is a loss, since PSA decides per namespace only.
/// </summary>
internal static class PodSecurityPlan
{
    public static IReadOnlyList<ExportFile> Build(RuntimePolicy policy, List<ExportLoss> losses, List<string> notes)
    {
        var files = new List<ExportFile>();
        var catchAll = policy.Tiers[^1];
        files.Add(new ExportFile("pod-security-admission-config.yaml", [new JsonObject
        {
            ["apiVersion"] = "apiserver.config.k8s.io/v1",
            ["kind"] = "AdmissionConfiguration",
            ["plugins"] = new JsonArray(new JsonObject
            {
                ["name"] = "PodSecurity",
                ["configuration"] = new JsonObject
                {
                    ["apiVersion"] = "pod-security.admission.config.k8s.io/v1",
                    ["kind"] = "PodSecurityConfiguration",
                    ["defaults"] = new JsonObject
                    {
                        ["enforce"] = LevelNames.Format(catchAll.PodSecurity.Level),
                        ["enforce-version"] = catchAll.PodSecurity.Version.ToString(),
                        ["warn"] = LevelNames.Format(catchAll.PodSecurity.Level),
                        ["warn-version"] = catchAll.PodSecurity.Version.ToString(),
                    },
                    ["exemptions"] = new JsonObject { ["usernames"] = new JsonArray(), ["runtimeClasses"] = new JsonArray(), ["namespaces"] = new JsonArray() },
                },
            }),
        }]));
        notes.Add($"Pod Security is enforced by the built-in Pod Security Admission, not by these objects: pass pod-security-admission-config.yaml to kube-apiserver --admission-control-config-file for the default {catchAll.PodSecurity} (tier {catchAll.Name})");

        var namespaces = new List<JsonObject>();
        foreach (var tier in policy.Tiers.Where(t => !t.IsCatchAll))
        {
            var level = LevelNames.Format(tier.PodSecurity.Level);
            var version = tier.PodSecurity.Version.ToString();
            foreach (var rule in tier.Match)
            {
                if (CelPolicy.HasPodCriteria(rule))
                {
                    losses.Add(new ExportLoss(tier.Name, $"Pod Security {tier.PodSecurity} for pods matched by pod labels or images: Pod Security Admission applies one level per namespace, so these pods get their namespace's level"));
                    continue;
                }

                foreach (var name in rule.Namespaces)
                {
                    namespaces.Add(new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Namespace",
                        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = Labels(level, version) },
                    });
                }

                if (rule.Namespaces.Count == 0 && rule.NamespaceSelector is { } selector)
                {
                    notes.Add($"tier {tier.Name}: label the namespaces it matches: kubectl label namespace -l '{SelectorText(selector)}' --overwrite pod-security.kubernetes.io/enforce={level} pod-security.kubernetes.io/enforce-version={version}");
                }
                else if (rule.NamespaceSelector is not null)
                {
                    losses.Add(new ExportLoss(tier.Name, "Pod Security for a rule with both namespaces and a namespace selector: only the named namespaces are labelled"));
                }
            }
        }

        if (namespaces.Count > 0)
        {
            files.Add(new ExportFile("namespaces-pod-security.yaml", namespaces));
        }

        return files;
    }

    private static JsonObject Labels(string level, string version) => new()
    {
        ["pod-security.kubernetes.io/enforce"] = level,
        ["pod-security.kubernetes.io/enforce-version"] = version,
    };

    private static string SelectorText(LabelSelector selector) =>
        string.Join(",", selector.MatchLabels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")
            .Concat(selector.MatchExpressions.Select(r => r.Operator switch
            {
                "In" => $"{r.Key} in ({string.Join(",", r.Values)})",
                "NotIn" => $"{r.Key} notin ({string.Join(",", r.Values)})",
                "Exists" => r.Key,
                _ => "!" + r.Key,
            })));
}

using System.Text;

namespace Palisade.Core.Policy.Export;

/// <summary>
/// The template's rule in Rego (v0 syntax, package named after the template): the same tiers, image normalisation and
/// messages as the CEL. Not executed anywhere in Palisade's tests (no OPA here): covered by golden files only.
/// </summary>
internal static class RegoText
{
    public static string Write(RuntimePolicy policy)
    {
        var text = new StringBuilder();
        text.Append("""
            package k8spalisaderuntimeclass

            obj := input.review.object

            pod_spec := obj.spec { obj.kind == "Pod" }
            pod_spec := obj.spec.jobTemplate.spec.template.spec { obj.kind == "CronJob" }
            pod_spec := obj.spec.template.spec { not obj.kind == "Pod"; not obj.kind == "CronJob" }

            pod_labels := object.get(obj, ["metadata", "labels"], {}) { obj.kind == "Pod" }
            pod_labels := object.get(obj, ["spec", "jobTemplate", "spec", "template", "metadata", "labels"], {}) { obj.kind == "CronJob" }
            pod_labels := object.get(obj, ["spec", "template", "metadata", "labels"], {}) { not obj.kind == "Pod"; not obj.kind == "CronJob" }

            containers := array.concat(array.concat(object.get(pod_spec, "initContainers", []), object.get(pod_spec, "containers", [])), object.get(pod_spec, "ephemeralContainers", []))

            images := [c.image | c := containers[_]; object.get(c, "image", "") != ""]

            strip_tag(n) := substring(n, 0, colon) { colon := last_index(n, ":"); colon > last_index(n, "/") }
            strip_tag(n) := n { not last_index(n, ":") > last_index(n, "/") }

            last_index(s, c) := i { contains(s, c); i := max([j | j := numbers.range(0, count(s) - 1)[_]; substring(s, j, 1) == c]) }
            last_index(s, c) := -1 { not contains(s, c) }

            explicit_registry(n) { first := split(n, "/")[0]; indexof(n, "/") > 0; contains(first, ".") }
            explicit_registry(n) { first := split(n, "/")[0]; indexof(n, "/") > 0; contains(first, ":") }
            explicit_registry(n) { indexof(n, "/") > 0; split(n, "/")[0] == "localhost" }

            # [registry, repository], normalised as Docker does
            ref(image) := [registry, library(registry, substring(n, indexof(n, "/") + 1, -1))] {
              n := strip_tag(split(image, "@")[0])
              explicit_registry(n)
              r := lower(split(n, "/")[0])
              registry := docker_hub(r)
            }
            ref(image) := ["docker.io", repo] {
              n := strip_tag(split(image, "@")[0])
              not explicit_registry(n)
              repo := plain_repo(n)
            }

            plain_repo(n) := n { indexof(n, "/") > 0 }
            plain_repo(n) := concat("", ["library/", n]) { not indexof(n, "/") > 0 }

            docker_hub(r) := "docker.io" { r == "index.docker.io" }
            docker_hub(r) := r { r != "index.docker.io" }

            library(registry, repo) := concat("", ["library/", repo]) { registry == "docker.io"; not contains(repo, "/") }
            library(registry, repo) := repo { not registry == "docker.io" }
            library(registry, repo) := repo { contains(repo, "/") }

            params_rule(id) { input.parameters.namespaceRules[id] == true }

            own_class := c { c := object.get(pod_spec, "runtimeClassName", ""); c != "" }

            effective_class := own_class
            effective_class := assigned_class { not own_class; obj.kind != "Pod" }
            effective_class := "" { not own_class; obj.kind == "Pod" }
            effective_class := "" { not own_class; obj.kind != "Pod"; not assigned_class }


            """);

        var rules = new List<(PolicyTier Tier, string Id, TierMatchRule Rule)>();
        for (var t = 0; t < policy.Tiers.Count; t++)
        {
            for (var r = 0; r < policy.Tiers[t].Match.Count; r++)
            {
                rules.Add((policy.Tiers[t], $"t{t}r{r}", policy.Tiers[t].Match[r]));
            }
        }

        foreach (var (_, id, rule) in rules)
        {
            text.Append(id).Append(" {\n");
            if (CelPolicy.HasNamespaceCriteria(rule))
            {
                text.Append("  params_rule(\"").Append(id).Append("\")\n");
            }

            if (rule.PodSelector is { } pod)
            {
                foreach (var (key, value) in pod.MatchLabels.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append($"  pod_labels[{Q(key)}] == {Q(value)}\n");
                }

                foreach (var e in pod.MatchExpressions)
                {
                    text.Append(e.Operator switch
                    {
                        "In" => $"  {Set(e.Values)}[pod_labels[{Q(e.Key)}]]\n",
                        "NotIn" => $"  not {Set(e.Values)}[object.get(pod_labels, {Q(e.Key)}, null)]\n",
                        "Exists" => $"  _ = pod_labels[{Q(e.Key)}]\n",
                        _ => $"  not pod_labels[{Q(e.Key)}]\n",
                    });
                }
            }

            if (rule.Images is { } images)
            {
                if (images.RegistriesIn.Count > 0)
                {
                    text.Append($"  count([i | i := images[_]; not {id}_listed(i)]) == 0\n");
                }

                if (images.RegistriesNotIn.Count > 0)
                {
                    text.Append($"  count({id}_outside) > 0\n");
                }
            }

            text.Append("}\n\n");
            if (rule.Images is { } img)
            {
                var patterns = img.RegistriesIn.Count > 0 ? img.RegistriesIn : img.RegistriesNotIn;
                foreach (var p in patterns)
                {
                    text.Append($"{id}_listed(image) {{\n  r := ref(image)\n{PatternRego(p)}}}\n\n");
                }

                if (img.RegistriesNotIn.Count > 0)
                {
                    text.Append($"{id}_outside := [i | i := images[_]; not {id}_listed(i)]\n\n");
                }
            }
        }

        // The first tier whose rule holds decides.
        var chosen = new List<string>();
        foreach (var tier in policy.Tiers)
        {
            var ids = rules.Where(r => r.Tier == tier).Select(r => r.Id).ToList();
            var guards = string.Concat(chosen.Select(c => $"; not {c}"));
            if (ids.Count == 0)
            {
                text.Append($"tier := {Q(tier.Name)} {{ true{guards} }}\n");
                break;
            }

            text.Append($"{tier.Name.Replace('-', '_')}_matched {{ {string.Join(" }\n" + tier.Name.Replace('-', '_') + "_matched { ", ids)} }}\n");
            text.Append($"tier := {Q(tier.Name)} {{ {tier.Name.Replace('-', '_')}_matched{guards} }}\n");
            chosen.Add(tier.Name.Replace('-', '_') + "_matched");
        }

        text.Append('\n');
        foreach (var tier in policy.Tiers.Where(t => t.RuntimeClass is not null))
        {
            text.Append($"assigned_class := {Q(tier.RuntimeClass!)} {{ tier == {Q(tier.Name)} }}\n");
        }

        text.Append('\n');
        foreach (var tier in policy.Tiers.Where(t => t.SandboxRequired))
        {
            var allowed = tier.AllowedRuntimeClasses;
            var allowedText = allowed.Count <= 1 ? string.Join("", allowed) : string.Join(", ", allowed.Take(allowed.Count - 1)) + " or " + allowed[^1];
            text.Append($$"""
                violation[{"msg": msg}] {
                  tier == {{Q(tier.Name)}}
                  not {{Set(allowed)}}[effective_class]
                  effective_class == ""
                  msg := sprintf("runtime policy tier \"{{tier.Name}}\" requires runtimeClassName {{allowedText}}; the pod sets none", [])
                }

                violation[{"msg": msg}] {
                  tier == {{Q(tier.Name)}}
                  not {{Set(allowed)}}[effective_class]
                  effective_class != ""
                  msg := sprintf("runtime policy tier \"{{tier.Name}}\" allows runtimeClassName {{allowedText}} only; the pod sets %q", [effective_class])
                }


                """);
        }

        return text.ToString().TrimEnd('\n') + "\n";
    }

    private static string PatternRego(string pattern)
    {
        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? pattern : pattern[..slash];
        var text = new StringBuilder();
        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            text.Append($"  endswith(r[0], {Q(host[1..])})\n  r[0] != {Q(host[1..])}\n");
        }
        else
        {
            text.Append($"  r[0] == {Q(host == "index.docker.io" ? "docker.io" : host)}\n");
        }

        if (slash >= 0)
        {
            text.Append($"  startswith(r[1], {Q(pattern[(slash + 1)..] + "/")})\n");
        }

        return text.ToString();
    }

    private static string Q(string s) => System.Text.Json.Nodes.JsonValue.Create(s).ToJsonString();

    private static string Set(IEnumerable<string> values) => "{" + string.Join(", ", values.Select(Q)) + "}";
}

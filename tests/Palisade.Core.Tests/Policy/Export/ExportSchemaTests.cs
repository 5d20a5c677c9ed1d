using System.Text.Json.Nodes;
using Palisade.Core.Manifests;
using Palisade.Core.Policy.Export;

namespace Palisade.Core.Tests.Policy.Export;

/// <summary>
/// The emitted objects carry every field the upstream API requires, written out per kind from the upstream schemas:
/// Kubernetes API reference (admissionregistration.k8s.io v1/v1beta1/v1alpha1: ValidatingAdmissionPolicy,
/// MutatingAdmissionPolicy and their bindings), Kyverno's CRDs (policies.kyverno.io ValidatingPolicy, MutatingPolicy;
/// kyverno.io/v1 ClusterPolicy), Gatekeeper's (templates.gatekeeper.sh/v1 ConstraintTemplate, constraints,
/// mutations.gatekeeper.sh/v1 Assign) and the PodSecurity admission configuration. Also: the YAML reads back as the
/// same objects.
/// </summary>
public sealed class ExportSchemaTests
{
    public static TheoryData<string> Cases() => ExportGoldenTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_EveryObject_HasTheFieldsUpstreamRequires(string name)
    {
        var input = JsonNode.Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "testdata", "export", "golden", name, "input.json")))!.AsObject();
        var result = PolicyExporter.Export(ExportGoldenTests.Policy(input["policy"]!.GetValue<string>()), ExportGoldenTests.Options(input));
        if (result.Refusal is not null)
        {
            Assert.Empty(result.Files);
            return;
        }

        var problems = new List<string>();
        var objects = result.Files.SelectMany(f => f.Objects).ToList();
        Assert.NotEmpty(objects);
        foreach (var obj in objects)
        {
            Check(obj, objects, problems);
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Export_Yaml_ReadsBackAsTheSameObjects(string name)
    {
        var input = JsonNode.Parse(File.ReadAllText(Path.Join(AppContext.BaseDirectory, "testdata", "export", "golden", name, "input.json")))!.AsObject();
        var result = PolicyExporter.Export(ExportGoldenTests.Policy(input["policy"]!.GetValue<string>()), ExportGoldenTests.Options(input));
        foreach (var file in result.Files)
        {
            var set = ManifestLoader.LoadText(file.Name, file.ToYaml("# header\n"));
            Assert.Empty(set.Diagnostics);
            Assert.Equal(file.Objects.Count, set.Objects.Count);
            for (var i = 0; i < file.Objects.Count; i++)
            {
                Assert.True(JsonNode.DeepEquals(file.Objects[i], set.Objects[i].Body), $"{file.Name} object {i} differs after a YAML round trip:\n{set.Objects[i].Body.ToJsonString()}");
            }
        }
    }

    private static void Check(JsonObject obj, List<JsonObject> all, List<string> problems)
    {
        var kind = Str(obj, "kind");
        var apiVersion = Str(obj, "apiVersion");
        var where = $"{apiVersion} {kind} {Str(obj, "metadata.name")}";
        void Need(string path)
        {
            if (Get(obj, path) is null or JsonArray { Count: 0 } || (Get(obj, path) is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String && v.GetValue<string>().Length == 0))
            {
                problems.Add($"{where}: missing required {path}");
            }
        }

        void OneOf(string path, params string[] values)
        {
            var value = Str(obj, path);
            if (value is not null && !values.Contains(value))
            {
                problems.Add($"{where}: {path} is {value}, not one of {string.Join(", ", values)}");
            }
        }

        void Each(string path, Action<JsonObject> check)
        {
            foreach (var item in Get(obj, path) as JsonArray ?? [])
            {
                check(item!.AsObject());
            }
        }

        void ItemNeeds(JsonObject item, string label, params string[] fields)
        {
            foreach (var f in fields)
            {
                if (Get(item, f) is null)
                {
                    problems.Add($"{where}: {label} without {f}");
                }
            }
        }

        Need("apiVersion");
        Need("kind");
        if (kind != "AdmissionConfiguration")
        {
            Need("metadata.name");
        }

        switch (kind)
        {
            case "ValidatingAdmissionPolicy":
                Assert.Contains(apiVersion, new[] { "admissionregistration.k8s.io/v1", "admissionregistration.k8s.io/v1beta1" });
                Need("spec.matchConstraints.resourceRules");
                Need("spec.validations");
                OneOf("spec.failurePolicy", "Fail", "Ignore");
                Each("spec.validations", v => ItemNeeds(v, "validation", "expression"));
                Each("spec.variables", v => ItemNeeds(v, "variable", "name", "expression"));
                Each("spec.matchConstraints.resourceRules", r => ItemNeeds(r, "resource rule", "apiGroups", "apiVersions", "operations", "resources"));
                break;
            case "ValidatingAdmissionPolicyBinding":
                Need("spec.policyName");
                Need("spec.validationActions");
                var actions = (Get(obj, "spec.validationActions") as JsonArray ?? []).Select(a => a!.GetValue<string>()).ToList();
                Assert.All(actions, a => Assert.Contains(a, new[] { "Deny", "Warn", "Audit" }));
                Assert.False(actions.Contains("Deny") && actions.Contains("Warn"), "Deny and Warn together are not allowed");
                Assert.Contains(all, o => Str(o, "kind") == "ValidatingAdmissionPolicy" && Str(o, "metadata.name") == Str(obj, "spec.policyName") && Str(o, "apiVersion") == apiVersion);
                break;
            case "MutatingAdmissionPolicy":
                Need("spec.matchConstraints.resourceRules");
                Need("spec.mutations");
                Need("spec.reinvocationPolicy");
                OneOf("spec.reinvocationPolicy", "Never", "IfNeeded");
                OneOf("spec.failurePolicy", "Fail", "Ignore");
                Each("spec.mutations", m =>
                {
                    ItemNeeds(m, "mutation", "patchType");
                    ItemNeeds(m, "mutation", Str(m, "patchType") == "JSONPatch" ? "jsonPatch.expression" : "applyConfiguration.expression");
                });
                break;
            case "MutatingAdmissionPolicyBinding":
                Need("spec.policyName");
                Assert.Contains(all, o => Str(o, "kind") == "MutatingAdmissionPolicy" && Str(o, "metadata.name") == Str(obj, "spec.policyName") && Str(o, "apiVersion") == apiVersion);
                break;
            case "ValidatingPolicy":
                Assert.StartsWith("policies.kyverno.io/", apiVersion, StringComparison.Ordinal);
                Need("spec.matchConstraints.resourceRules");
                Need("spec.validations");
                Need("spec.validationActions");
                Each("spec.validations", v => ItemNeeds(v, "validation", "expression"));
                break;
            case "MutatingPolicy":
                Need("spec.matchConstraints.resourceRules");
                Need("spec.mutations");
                Each("spec.mutations", m => ItemNeeds(m, "mutation", "patchType", "jsonPatch.expression"));
                break;
            case "ClusterPolicy":
                Assert.Equal("kyverno.io/v1", apiVersion);
                Need("spec.rules");
                Each("spec.rules", r =>
                {
                    ItemNeeds(r, "rule", "name", "match.any");
                    var actionCount = new[] { "validate", "mutate", "generate", "verifyImages" }.Count(a => r[a] is not null);
                    if (actionCount != 1)
                    {
                        problems.Add($"{where}: rule {Str(r, "name")} has {actionCount} actions, exactly one is allowed");
                    }

                    if (r["validate"] is JsonObject validate && validate["cel"] is null && validate["podSecurity"] is null)
                    {
                        problems.Add($"{where}: rule {Str(r, "name")}: validate without cel or podSecurity");
                    }
                });
                break;
            case "ConstraintTemplate":
                Assert.Equal("templates.gatekeeper.sh/v1", apiVersion);
                Need("spec.crd.spec.names.kind");
                Assert.Equal(Str(obj, "spec.crd.spec.names.kind")!.ToLowerInvariant(), Str(obj, "metadata.name"));
                Need("spec.targets");
                Each("spec.targets", t =>
                {
                    ItemNeeds(t, "target", "target", "rego");
                    foreach (var code in t["code"] as JsonArray ?? [])
                    {
                        ItemNeeds(code!.AsObject(), "code", "engine", "source");
                    }
                });
                break;
            case "K8sPalisadeRuntimeClass":
                Assert.Equal("constraints.gatekeeper.sh/v1beta1", apiVersion);
                Need("spec.match.kinds");
                OneOf("spec.enforcementAction", "deny", "dryrun", "warn");
                Assert.Contains(all, o => Str(o, "kind") == "ConstraintTemplate" && Str(o, "spec.crd.spec.names.kind") == kind);
                break;
            case "Assign":
                Assert.Equal("mutations.gatekeeper.sh/v1", apiVersion);
                Need("spec.applyTo");
                Need("spec.location");
                Need("spec.parameters.assign.value");
                Each("spec.applyTo", a => ItemNeeds(a, "applyTo", "groups", "kinds", "versions"));
                Each("spec.parameters.pathTests", p =>
                {
                    ItemNeeds(p, "pathTest", "subPath", "condition");
                    if (!Str(obj, "spec.location")!.StartsWith(Str(p, "subPath")!, StringComparison.Ordinal))
                    {
                        problems.Add($"{where}: pathTest subPath {Str(p, "subPath")} is not a prefix of the location");
                    }
                });
                break;
            case "Namespace":
                Assert.Equal("v1", apiVersion);
                break;
            case "AdmissionConfiguration":
                Assert.Equal("apiserver.config.k8s.io/v1", apiVersion);
                Each("plugins", p => ItemNeeds(p, "plugin", "name", "configuration.apiVersion", "configuration.kind", "configuration.defaults.enforce"));
                break;
            default:
                problems.Add($"{where}: unexpected kind");
                break;
        }
    }

    private static JsonNode? Get(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node;
    }

    private static string? Str(JsonObject obj, string path) => Get(obj, path) is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String ? v.GetValue<string>() : null;
}

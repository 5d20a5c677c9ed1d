using System.Text.Json.Nodes;

namespace Palisade.Core.Policy.Export;

/// <summary>
/// MutatingAdmissionPolicy and binding for the assigned class and the defaults, as one JSON Patch per pod CREATE (the
/// webhook mutates pods on CREATE only): <c>v1</c> from Kubernetes 1.36, <c>v1beta1</c> on 1.34–1.35 and
/// <c>v1alpha1</c> on 1.32–1.33 (both behind the MutatingAdmissionPolicy feature gate); refused before 1.32.
/// </summary>
internal static class MapEmitter
{
    public static ExportResult Emit(RuntimePolicy policy, ExportOptions options)
    {
        var k = options.KubernetesMinor;
        if (k < 32)
        {
            return ExportResult.Refused($"MutatingAdmissionPolicy needs Kubernetes 1.32 or later (v1alpha1 in 1.32–1.33, v1beta1 in 1.34–1.35, v1 from 1.36); got 1.{k}: use --to kyverno or --to gatekeeper, or the palisade mutating webhook");
        }

        var version = k >= 36 ? "v1" : k >= 34 ? "v1beta1" : "v1alpha1";
        var apiVersion = "admissionregistration.k8s.io/" + version;
        var notes = new List<string>();
        if (version != "v1")
        {
            notes.Add($"Kubernetes 1.{k} serves MutatingAdmissionPolicy as {version}, off by default: start kube-apiserver with --feature-gates=MutatingAdmissionPolicy=true --runtime-config=admissionregistration.k8s.io/{version}=true");
        }

        var losses = new List<ExportLoss>();
        var cel = new CelPolicy(policy, NamespaceFacts.NamespaceObject);
        if (cel.MutationExpression is null)
        {
            notes.Add("no tier assigns a runtime class or defaults: there is nothing to mutate");
            return new ExportResult([], losses, notes);
        }

        var mutating = policy.Tiers.Where(t => t.RuntimeClass is not null || t.DefaultSeccompProfile || t.DisableServiceAccountTokenAutomount);
        var name = ExportNames.Base(policy) + "-defaults";
        var map = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "MutatingAdmissionPolicy",
            ["metadata"] = ExportNames.Metadata(name, policy),
            ["spec"] = new JsonObject
            {
                ["failurePolicy"] = ExportNames.FailurePolicy(mutating, "MutatingAdmissionPolicy", losses),
                ["matchConstraints"] = new JsonObject { ["resourceRules"] = ExportNames.ResourceRules(true, false, "CREATE") },
                ["variables"] = ExportNames.Variables(cel),
                ["mutations"] = new JsonArray(new JsonObject
                {
                    ["patchType"] = "JSONPatch",
                    ["jsonPatch"] = new JsonObject { ["expression"] = cel.MutationExpression },
                }),
                ["reinvocationPolicy"] = "IfNeeded",
            },
        };
        var binding = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = "MutatingAdmissionPolicyBinding",
            ["metadata"] = ExportNames.Metadata(name, policy),
            ["spec"] = new JsonObject { ["policyName"] = name },
        };
        notes.Add("controllers are not mutated (as with the palisade webhook): their pods are, when they are created");
        return new ExportResult([new ExportFile("mutating-admission-policy.yaml", [map, binding])], losses, notes);
    }
}

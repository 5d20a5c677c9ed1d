using System.Text.Json.Nodes;

namespace Palisade.Core.Policy.Export;

/// <summary>
/// ValidatingAdmissionPolicy (<c>admissionregistration.k8s.io/v1</c> from Kubernetes 1.30, <c>v1beta1</c> on 1.28–1.29)
/// with two bindings: Deny for pods, Warn for controllers (as the webhook answers them), plus the Pod Security
/// Admission configuration and namespace labels.
/// </summary>
internal static class VapEmitter
{
    public static ExportResult Emit(RuntimePolicy policy, ExportOptions options)
    {
        if (options.KubernetesMinor < 28)
        {
            return ExportResult.Refused($"ValidatingAdmissionPolicy needs Kubernetes 1.28 or later (v1beta1 in 1.28–1.29, v1 from 1.30; before that it is alpha and has no namespaceObject); got 1.{options.KubernetesMinor}: use --to kyverno or --to gatekeeper, or the palisade webhook");
        }

        var apiVersion = options.KubernetesMinor >= 30 ? "admissionregistration.k8s.io/v1" : "admissionregistration.k8s.io/v1beta1";
        var losses = new List<ExportLoss>();
        var notes = new List<string>();
        var cel = new CelPolicy(policy, NamespaceFacts.NamespaceObject);
        var name = ExportNames.Base(policy) + "-runtime-class";
        var files = new List<ExportFile>();
        if (cel.Validations.Count == 0)
        {
            notes.Add("no tier restricts runtime classes (allowedRuntimeClasses): there is nothing for a ValidatingAdmissionPolicy to check");
        }
        else
        {
            var vap = new JsonObject
            {
                ["apiVersion"] = apiVersion,
                ["kind"] = "ValidatingAdmissionPolicy",
                ["metadata"] = ExportNames.Metadata(name, policy),
                ["spec"] = new JsonObject
                {
                    ["failurePolicy"] = ExportNames.FailurePolicy(policy.Tiers.Where(t => t.SandboxRequired), "ValidatingAdmissionPolicy", losses),
                    ["matchConstraints"] = new JsonObject { ["resourceRules"] = ExportNames.ResourceRules(true, true, "CREATE", "UPDATE") },
                    ["variables"] = ExportNames.Variables(cel),
                    ["validations"] = ExportNames.Validations(cel),
                },
            };
            files.Add(new ExportFile("validating-admission-policy.yaml", [vap, Binding(apiVersion, name, "pods", pods: true, "Deny", policy), Binding(apiVersion, name, "controllers", pods: false, "Warn", policy)]));
        }

        files.AddRange(PodSecurityPlan.Build(policy, losses, notes));
        if (policy.Tiers.Any(t => t.RuntimeClass is not null || t.DefaultSeccompProfile || t.DisableServiceAccountTokenAutomount))
        {
            notes.Add("tiers assign a runtime class or defaults: export --to map as well (or run the palisade mutating webhook); pods that were not mutated are denied when their tier requires a class");
        }

        return new ExportResult(files, losses, notes);
    }

    private static JsonObject Binding(string apiVersion, string policyName, string suffix, bool pods, string action, RuntimePolicy policy) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = "ValidatingAdmissionPolicyBinding",
        ["metadata"] = ExportNames.Metadata($"{policyName}-{suffix}", policy),
        ["spec"] = new JsonObject
        {
            ["policyName"] = policyName,
            ["validationActions"] = ExportNames.Strings([action]),
            ["matchResources"] = new JsonObject { ["resourceRules"] = ExportNames.ResourceRules(pods, !pods, "CREATE", "UPDATE") },
        },
    };
}

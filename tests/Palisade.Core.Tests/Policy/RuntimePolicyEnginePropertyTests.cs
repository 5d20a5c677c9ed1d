using FsCheck.Xunit;
using Palisade.Core.Policy;
using static Palisade.Core.Tests.Policy.PolicyFixtures;

namespace Palisade.Core.Tests.Policy;

public sealed class RuntimePolicyEnginePropertyTests
{
    private static readonly string[] Kinds = ["Pod", "Deployment", "CronJob"];
    private static readonly string?[] Classes = [null, "", "kata", "gvisor", "runc"];
    private static readonly string?[] TrustLabels = [null, "vendor-workload: \"true\"", "vendor-workload: \"false\"", "palisade.dev/trust: untrusted"];
    private static readonly string?[] SecurityContexts = [null, "{}", "{runAsNonRoot: true}", "{seccompProfile: {type: Unconfined}}", "{seccompProfile: {type: RuntimeDefault}, runAsNonRoot: true}"];
    private static readonly string?[] TokenSettings = [null, "true", "false"];

    [Property(MaxTest = 200)]
    public void Evaluate_AppliedPatch_SecondEvaluationHasEmptyPatchAndSameVerdict(int seed)
    {
        var r = new Random(seed);
        var kind = Kinds[r.Next(Kinds.Length)];
        var spec = new List<string>();
        if (Classes[r.Next(Classes.Length)] is { } cls)
        {
            spec.Add($"runtimeClassName: \"{cls}\"");
        }

        if (SecurityContexts[r.Next(SecurityContexts.Length)] is { } sc)
        {
            spec.Add($"securityContext: {sc}");
        }

        if (TokenSettings[r.Next(TokenSettings.Length)] is { } token)
        {
            spec.Add($"automountServiceAccountToken: {token}");
        }

        spec.Add(r.Next(2) == 0
            ? "containers: [{name: c, image: busybox}]"
            : "containers: [{name: c, image: busybox, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]");
        var labels = TrustLabels[r.Next(TrustLabels.Length)];
        var namespaceLabels = r.Next(3) == 0 ? new Dictionary<string, string> { ["palisade.dev/trust"] = "untrusted" } : null;
        var yaml = Manifest(kind, labels is null ? "{}" : "{" + labels + "}", "{" + string.Join(", ", spec) + "}");

        var (request, body) = Request(yaml, namespaceLabels);
        var first = DefaultEngine.Evaluate(request);
        var second = Reevaluate(body, first, namespaceLabels);

        Assert.Empty(second.Patch);
        Assert.Equal(first.Tier, second.Tier);
        Assert.Equal(first.Allowed, second.Allowed);
        Assert.Equal(first.AssignedRuntimeClass, second.AssignedRuntimeClass);
        Assert.Equal(first.Violations, second.Violations);
    }

    private static string Manifest(string kind, string labels, string spec) => kind switch
    {
        "Pod" => $"apiVersion: v1\nkind: Pod\nmetadata: {{name: p, labels: {labels}}}\nspec: {spec}\n",
        "Deployment" => $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d}}\nspec:\n  template:\n    metadata: {{labels: {labels}}}\n    spec: {spec}\n",
        _ => $"apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: c}}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        metadata: {{labels: {labels}}}\n        spec: {spec}\n",
    };
}

using System.Text.Json.Nodes;
using Palisade.Core.Policy;
using static Palisade.Core.Tests.Policy.PolicyFixtures;

namespace Palisade.Core.Tests.Policy;

public sealed class RuntimePolicyEngineTests
{
    private static readonly Dictionary<string, string> UntrustedNamespace = new() { ["palisade.dev/trust"] = "untrusted" };

    [Fact]
    public void Evaluate_VendorPodWithoutClass_PatchesKataSeccompAndTokenAndAllows()
    {
        var decision = Evaluate(RestrictedPod);

        Assert.Equal("vendor", decision.Tier);
        Assert.Equal("pod label vendor-workload=true", decision.TierReason);
        Assert.Equal("kata", decision.AssignedRuntimeClass);
        Assert.True(decision.SandboxRequired);
        Assert.True(decision.Allowed, decision.Message);
        Assert.Null(decision.Message);
        Assert.Equal(
            """[{"op":"add","path":"/spec/runtimeClassName","value":"kata"},{"op":"add","path":"/spec/securityContext/seccompProfile","value":{"type":"RuntimeDefault"}},{"op":"add","path":"/spec/automountServiceAccountToken","value":false}]""",
            JsonPatch.Serialize(decision.Patch));
    }

    [Fact]
    public void Evaluate_VendorPodNamingRunc_DeniedNamingTierReasonAndAllowedClasses()
    {
        var decision = Evaluate(RestrictedPod.Replace("spec:\n", "spec:\n  runtimeClassName: runc\n", StringComparison.Ordinal));

        Assert.False(decision.Allowed);
        var violation = Assert.Single(decision.Violations);
        Assert.Equal("runtimeClass", violation.Check);
        Assert.Equal(
            "runtime policy tier \"vendor\" (pod label vendor-workload=true) allows runtimeClassName kata only; the pod sets \"runc\"",
            violation.Message);
        Assert.Equal(violation.Message, decision.Message);
        Assert.DoesNotContain(decision.Patch, op => op.Path.EndsWith("/runtimeClassName", StringComparison.Ordinal));
        Assert.Contains(decision.Warnings, w => w.Contains("\"runc\" is not a runtime class", StringComparison.Ordinal));
    }

    [Fact]
    public void Evaluate_TrustedPod_NoPatchBaselineAllowed()
    {
        var decision = Evaluate("""
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop}
            spec:
              containers: [{name: web, image: nginx}]
            """);

        Assert.Equal("trusted", decision.Tier);
        Assert.Equal("no other tier matched", decision.TierReason);
        Assert.Null(decision.AssignedRuntimeClass);
        Assert.False(decision.SandboxRequired);
        Assert.True(decision.Allowed);
        Assert.Empty(decision.Patch);
        Assert.Empty(decision.Violations);
        Assert.Equal("baseline:latest", decision.PodSecurity!.ToString());
    }

    [Fact]
    public void Evaluate_PodInUntrustedNamespace_GetsGvisorByNamespaceLabel()
    {
        var decision = Evaluate("""
            apiVersion: v1
            kind: Pod
            metadata: {name: job, namespace: sandbox}
            spec:
              securityContext: {runAsNonRoot: true}
              containers:
                - name: c
                  image: busybox
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """, UntrustedNamespace);

        Assert.Equal("untrusted", decision.Tier);
        Assert.Equal("namespace label palisade.dev/trust=untrusted", decision.TierReason);
        Assert.Equal("gvisor", decision.AssignedRuntimeClass);
        Assert.Equal(["gvisor", "kata"], decision.AllowedRuntimeClasses);
        Assert.True(decision.Allowed, decision.Message);
    }

    [Fact]
    public void Evaluate_UntrustedPodNamingKata_KeepsItsClass()
    {
        var decision = Evaluate("""
            apiVersion: v1
            kind: Pod
            metadata: {name: job, labels: {palisade.dev/trust: untrusted}}
            spec:
              runtimeClassName: kata
              automountServiceAccountToken: true
              securityContext: {runAsNonRoot: true, seccompProfile: {type: Localhost, localhostProfile: p.json}}
              containers:
                - name: c
                  image: busybox
                  securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
            """);

        Assert.Equal("untrusted", decision.Tier);
        Assert.Equal("kata", decision.AssignedRuntimeClass);
        Assert.Empty(decision.Patch);
        Assert.True(decision.Allowed, decision.Message);
    }

    [Fact]
    public void Evaluate_VendorPodBreakingRestricted_ReportsUpstreamPssTextAndRuntimeRule()
    {
        var decision = Evaluate("""
            apiVersion: v1
            kind: Pod
            metadata: {name: agent, labels: {vendor-workload: "true"}}
            spec:
              runtimeClassName: gvisor
              hostPID: true
              containers: [{name: agent, image: vendor.example.com/agent:7, securityContext: {privileged: true}}]
            """);

        Assert.False(decision.Allowed);
        Assert.Equal(
            ["hostNamespaces", "privileged", "allowPrivilegeEscalation", "capabilities_restricted", "runAsNonRoot", "runtimeClass"],
            decision.Violations.Select(v => v.Check));
        Assert.Equal("host namespaces (hostPID=true)", decision.Violations[0].Message);
        Assert.StartsWith(
            "violates PodSecurity \"restricted:latest\": host namespaces (hostPID=true), privileged (container \"agent\" must not set securityContext.privileged=true), ",
            decision.Message,
            StringComparison.Ordinal);
        Assert.EndsWith("; runtime policy tier \"vendor\" (pod label vendor-workload=true) allows runtimeClassName kata only; the pod sets \"gvisor\"", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EmptyRuntimeClassName_TreatedAsUnsetAndReplaced()
    {
        var (request, body) = Request(RestrictedPod.Replace("spec:\n", "spec:\n  runtimeClassName: \"\"\n", StringComparison.Ordinal));
        var decision = DefaultEngine.Evaluate(request);

        Assert.True(decision.Allowed, decision.Message);
        Assert.Equal("kata", JsonPatch.Apply(body, decision.Patch)["spec"]!["runtimeClassName"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_PodWithoutSecurityContext_AddsWholeSecurityContext()
    {
        var decision = Evaluate("""
            apiVersion: v1
            kind: Pod
            metadata: {name: x, labels: {vendor-workload: "true"}}
            spec:
              containers: [{name: c, image: busybox}]
            """);

        var op = Assert.Single(decision.Patch, o => o.Path == "/spec/securityContext");
        Assert.Equal("""{"seccompProfile":{"type":"RuntimeDefault"}}""", op.Value!.ToJsonString());
        Assert.False(decision.Allowed);
        Assert.DoesNotContain(decision.Violations, v => v.Check == "seccompProfile_restricted");
    }

    [Theory]
    [InlineData("Deployment", "apps/v1", "/spec/template/spec")]
    [InlineData("StatefulSet", "apps/v1", "/spec/template/spec")]
    [InlineData("DaemonSet", "apps/v1", "/spec/template/spec")]
    [InlineData("ReplicaSet", "apps/v1", "/spec/template/spec")]
    [InlineData("Job", "batch/v1", "/spec/template/spec")]
    public void Evaluate_Controller_PatchesTemplateSpec(string kind, string apiVersion, string specPointer)
    {
        var decision = Evaluate($$"""
            apiVersion: {{apiVersion}}
            kind: {{kind}}
            metadata:
              name: agent
              labels: {vendor-workload: "false"}
            spec:
              template:
                metadata:
                  labels: {vendor-workload: "true"}
                spec:
                  containers:
                    - {name: agent, image: busybox}
            """);

        Assert.Equal("vendor", decision.Tier);
        Assert.All(decision.Patch, op => Assert.StartsWith(specPointer + "/", op.Path, StringComparison.Ordinal));
        Assert.Contains(decision.Patch, op => op.Path == specPointer + "/runtimeClassName");
    }

    [Fact]
    public void Evaluate_CronJob_PatchesJobTemplateAndIsIdempotent()
    {
        var (request, body) = Request("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: report}
            spec:
              schedule: "0 3 * * *"
              jobTemplate:
                spec:
                  template:
                    metadata: {labels: {vendor-workload: "true"}}
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: c, image: busybox}]
            """);
        var first = DefaultEngine.Evaluate(request);

        Assert.Equal("/spec/jobTemplate/spec/template/spec/runtimeClassName", first.Patch[0].Path);
        Assert.Empty(Reevaluate(body, first).Patch);
    }

    [Fact]
    public void Evaluate_PatchedPod_SecondEvaluationHasEmptyPatchAndSameDecision()
    {
        var (request, body) = Request(RestrictedPod);
        var first = DefaultEngine.Evaluate(request);
        var second = Reevaluate(body, first);

        Assert.NotEmpty(first.Patch);
        Assert.Empty(second.Patch);
        Assert.Equal(first.Allowed, second.Allowed);
        Assert.Equal(first.Tier, second.Tier);
        Assert.Equal(first.AssignedRuntimeClass, second.AssignedRuntimeClass);
    }

    [Fact]
    public void Evaluate_ImageOriginRule_MatchesAnyContainerKindOutsideInternalRegistries()
    {
        var engine = new RuntimePolicyEngine(ParsePolicy("""
            apiVersion: palisade.dev/v1alpha1
            kind: RuntimePolicy
            spec:
              runtimeClasses: [{name: gvisor, handler: runsc}]
              tiers:
                - name: external
                  match:
                    - images: {registriesNotIn: [registry.internal:5000, "*.corp.example", ghcr.io/acme]}
                  runtimeClass: gvisor
                  allowedRuntimeClasses: [gvisor]
                  podSecurity: {level: baseline}
                - name: internal
                  podSecurity: {level: baseline}
            """));
        const string Pod = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              initContainers: [{name: init, image: "INIT"}]
              containers: [{name: c, image: "registry.internal:5000/team/app:1.2"}]
            """;

        Assert.Equal("internal", Evaluate(Pod.Replace("INIT", "build.corp.example/tools/init@sha256:abc", StringComparison.Ordinal), engine: engine).Tier);
        Assert.Equal("internal", Evaluate(Pod.Replace("INIT", "ghcr.io/acme/init:v1", StringComparison.Ordinal), engine: engine).Tier);
        var external = Evaluate(Pod.Replace("INIT", "ghcr.io/other/init:v1", StringComparison.Ordinal), engine: engine);
        Assert.Equal("external", external.Tier);
        Assert.Equal("image ghcr.io/other/init:v1 from a registry not in [registry.internal:5000, *.corp.example, ghcr.io/acme]", external.TierReason);
        Assert.Equal("external", Evaluate(Pod.Replace("INIT", "busybox", StringComparison.Ordinal), engine: engine).Tier);
    }

    [Fact]
    public void Evaluate_EphemeralContainerFromDockerHub_MatchesRegistriesNotIn()
    {
        var engine = new RuntimePolicyEngine(ParsePolicy("""
            apiVersion: palisade.dev/v1alpha1
            kind: RuntimePolicy
            spec:
              tiers:
                - name: external
                  match: [{images: {registriesNotIn: [registry.internal]}}]
                  podSecurity: {level: baseline}
                - name: internal
                  podSecurity: {level: baseline}
            """));

        var decision = Evaluate("""
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              containers: [{name: c, image: registry.internal/app}]
              ephemeralContainers: [{name: debug, image: busybox}]
            """, engine: engine);

        Assert.Equal("external", decision.Tier);
        Assert.Contains("image busybox", decision.TierReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NamespaceNamesAndExpressions_AllCriteriaOfARuleMustHold()
    {
        var engine = new RuntimePolicyEngine(ParsePolicy("""
            apiVersion: palisade.dev/v1alpha1
            kind: RuntimePolicy
            spec:
              tiers:
                - name: batch
                  match:
                    - namespaces: [jobs, etl]
                      podSelector:
                        matchExpressions:
                          - {key: team, operator: In, values: [data, ml]}
                          - {key: exempt, operator: DoesNotExist}
                  podSecurity: {level: restricted}
                - name: rest
                  podSecurity: {level: privileged}
            """));
        string Pod(string ns, string labels) => $$"""
            apiVersion: v1
            kind: Pod
            metadata:
              name: p
              namespace: {{ns}}
              labels: { {{labels}} }
            spec:
              containers:
                - {name: c, image: busybox}
            """;

        var matched = Evaluate(Pod("etl", "team: ml"), engine: engine);
        Assert.Equal("batch", matched.Tier);
        Assert.Equal("namespace etl and pod labels team in (data, ml), exempt absent", matched.TierReason);
        Assert.Equal("rest", Evaluate(Pod("web", "team: ml"), engine: engine).Tier);
        Assert.Equal("rest", Evaluate(Pod("etl", "team: web"), engine: engine).Tier);
        Assert.Equal("rest", Evaluate(Pod("etl", "team: ml, exempt: \"yes\""), engine: engine).Tier);
    }

    [Fact]
    public void Evaluate_DoesNotModifyCallersSecurityContext()
    {
        var (request, _) = Request(RestrictedPod);
        var context = request.PodSpec.SecurityContext;

        DefaultEngine.Evaluate(request);

        Assert.Same(context, request.PodSpec.SecurityContext);
        Assert.Null(context!.SeccompProfile);
        Assert.Null(request.PodSpec.RuntimeClassName);
    }

    [Fact]
    public void JsonPatchOperation_ValuesAreFreshPerDecision()
    {
        var a = Evaluate(RestrictedPod);
        var b = Evaluate(RestrictedPod);

        // Nodes may be attached to a document by the caller; sharing them across decisions would break that.
        Assert.NotSame(a.Patch[0].Value, b.Patch[0].Value);
        _ = new JsonArray(a.Patch[0].Value);
    }
}

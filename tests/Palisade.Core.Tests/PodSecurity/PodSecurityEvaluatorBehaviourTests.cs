using k8s;
using k8s.Models;
using Palisade.Core.PodSecurity;
using Palisade.Core.PodSecurity.Checks;
using static Palisade.Core.Tests.PodSecurity.PodFixtures;

namespace Palisade.Core.Tests.PodSecurity;

public sealed class PodSecurityEvaluatorBehaviourTests
{
    private static readonly string CompliantPod = $$"""
        metadata:
          name: web
          annotations: {team: a}
        spec:
        {{RestrictedPodSecurityContext}}
          initContainers:
        {{RestrictedContainer("init")}}
          containers:
        {{RestrictedContainer("app")}}
        {{RestrictedContainer("sidecar")}}
          volumes:
          - name: data
            emptyDir: {}
        """;

    [Fact]
    public void Evaluate_CompliantPodAtEveryVersion_IsAllowed()
    {
        var pod = Parse(CompliantPod);
        Assert.Equal(["init", "app", "sidecar"], pod.Spec.InitContainers.Concat(pod.Spec.Containers).Select(c => c.Name));
        Assert.True(pod.Spec.SecurityContext.RunAsNonRoot);
        for (var minor = 0; minor <= 40; minor++)
        {
            foreach (var level in new[] { PodSecurityLevel.Baseline, PodSecurityLevel.Restricted })
            {
                var policy = new LevelVersion(level, PodSecurityVersion.Of(minor));
                Assert.True(PodSecurityEvaluator.Evaluate(policy, pod.Metadata, pod.Spec).Allowed, policy.ToString());
            }
        }
    }

    [Fact]
    public void Evaluate_AllowedPath_DoesNotAllocate()
    {
        var pod = Parse(CompliantPod);
        var policy = LevelVersion.RestrictedLatest;
        PodSecurityEvaluator.Evaluate(policy, pod.Metadata, pod.Spec);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            PodSecurityEvaluator.Evaluate(policy, pod.Metadata, pod.Spec);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Evaluate_ViolatingPod_DoesNotMutateInputs()
    {
        var pod = Parse("""
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/a: unconfined
            spec:
              hostNetwork: true
              containers:
              - name: a
                ports: [{containerPort: 80}]
              volumes:
              - name: v
            """);
        var before = KubernetesJson.Serialize(pod);

        PodSecurityEvaluator.Evaluate(LevelVersion.RestrictedLatest, pod.Metadata, pod.Spec);

        Assert.Equal(before, KubernetesJson.Serialize(pod));
    }

    [Fact]
    public void CheckRegistry_RestrictedLatest_RunsChecksInUpstreamOrder()
    {
        Assert.Equal(37, CheckRegistry.MaxMinor);
        Assert.Equal(
            [
                "appArmorProfile", "hostNamespaces", "hostPorts", "hostProbesAndHostLifecycle", "privileged",
                "seLinuxOptions", "sysctls", "windowsHostProcess",
                "allowPrivilegeEscalation", "capabilities_restricted", "procMount_restricted", "restrictedVolumes",
                "runAsNonRoot", "runAsUser", "seccompProfile_restricted",
            ],
            CheckRegistry.ChecksFor(PodSecurityLevel.Restricted, 37).Select(c => c.Id));
    }

    [Fact]
    public void CheckRegistry_RestrictedV1_0_KeepsNotYetOverriddenBaselineChecks()
    {
        Assert.Equal(
            [
                "appArmorProfile", "capabilities_baseline", "hostNamespaces", "hostPorts", "privileged", "procMount",
                "seLinuxOptions", "seccompProfile_baseline", "sysctls", "windowsHostProcess",
                "restrictedVolumes", "runAsNonRoot",
            ],
            CheckRegistry.ChecksFor(PodSecurityLevel.Restricted, 0).Select(c => c.Id));
    }

    [Fact]
    public void Evaluate_Latest_ClampsToMaximumVersion() =>
        Assert.Equal(PodSecurityVersion.Of(37), PodSecurityEvaluator.MaxVersion);

    [Theory]
    [InlineData("abc", "\"abc\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("tab\there\n", "\"tab\\there\\n\"")]
    [InlineData("\u0001\u007f", "\"\\x01\\x7f\"")]
    [InlineData("caf\u00e9 \u00a0", "\"caf\u00e9 \\u00a0\"")]
    public void GoQuote_Value_EscapesLikeGo(string value, string expected) =>
        Assert.Equal(expected, MessageText.GoQuote(value));
}

using Palisade.Core.PodSecurity;
using static Palisade.Core.Tests.PodSecurity.PodFixtures;

namespace Palisade.Core.Tests.PodSecurity;

public sealed class PodSecurityEvaluatorPathTests
{
    [Fact]
    public void Evaluate_Violations_PointAtOffendingFields()
    {
        var result = Evaluate("baseline:latest", """
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/a~b: unconfined
            spec:
              hostNetwork: true
              hostIPC: true
              initContainers:
              - name: i0
              - name: i1
                securityContext:
                  capabilities: {add: [SYS_ADMIN]}
              containers:
              - name: c
                ports: [{containerPort: 80}, {containerPort: 81, hostPort: 81}]
              volumes:
              - {name: a, emptyDir: {}}
              - {name: b, configMap: {name: x}}
              - {name: c, hostPath: {path: /}}
            """);

        Assert.Equal(["/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1a~0b"], Paths("appArmorProfile"));
        Assert.Equal(["/spec/initContainers/1/securityContext/capabilities/add"], Paths("capabilities_baseline"));
        Assert.Equal(["/spec/hostNetwork", "/spec/hostIPC"], Paths("hostNamespaces"));
        Assert.Equal(["/spec/volumes/2/hostPath"], Paths("hostPathVolumes"));
        Assert.Equal(["/spec/containers/0/ports/1/hostPort"], Paths("hostPorts"));

        IReadOnlyList<string> Paths(string checkId) => result.Violations.Single(v => v.CheckId == checkId).Paths;
    }

    [Fact]
    public void Evaluate_MissingRequiredFields_PointAtFieldsToSet()
    {
        var result = Evaluate("restricted:latest", """
            spec:
              containers: [{name: a}, {name: b, securityContext: {runAsNonRoot: true}}]
            """);

        Assert.Equal(
            ["/spec/containers/0/securityContext/allowPrivilegeEscalation", "/spec/containers/1/securityContext/allowPrivilegeEscalation"],
            result.Violations.Single(v => v.CheckId == "allowPrivilegeEscalation").Paths);
        Assert.Equal(
            ["/spec/containers/0/securityContext/runAsNonRoot"],
            result.Violations.Single(v => v.CheckId == "runAsNonRoot").Paths);
        Assert.Equal(
            ["/spec/containers/0/securityContext/capabilities/drop", "/spec/containers/1/securityContext/capabilities/drop"],
            result.Violations.Single(v => v.CheckId == "capabilities_restricted").Paths);
    }

    [Fact]
    public void Evaluate_PodLevelSetters_PointAtPodSecurityContext()
    {
        var result = Evaluate("restricted:latest", """
            spec:
              securityContext:
                runAsNonRoot: false
                sysctls: [{name: kernel.shm_rmid_forced, value: "1"}, {name: kernel.msgmax, value: "1"}]
              containers:
              - name: a
                securityContext:
                  runAsNonRoot: false
            """);

        Assert.Equal(
            ["/spec/securityContext/runAsNonRoot", "/spec/containers/0/securityContext/runAsNonRoot"],
            result.Violations.Single(v => v.CheckId == "runAsNonRoot").Paths);
        Assert.Equal(["/spec/securityContext/sysctls/1/name"], result.Violations.Single(v => v.CheckId == "sysctls").Paths);
    }
}

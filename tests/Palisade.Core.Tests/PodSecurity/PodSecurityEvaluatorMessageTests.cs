using Palisade.Core.PodSecurity;
using static Palisade.Core.Tests.PodSecurity.PodFixtures;

namespace Palisade.Core.Tests.PodSecurity;

public sealed class PodSecurityEvaluatorMessageTests
{
    private const string PlainPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: x
        spec:
          containers:
          - name: x
            image: busybox
        """;

    [Fact]
    public void Evaluate_PlainContainerAtRestrictedLatest_ProducesUpstreamMessage()
    {
        var result = Evaluate("restricted:latest", PlainPod);

        Assert.Equal(
            "violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"x\" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"x\" must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"x\" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container \"x\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            result.DenialMessage);
        Assert.Equal("allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile", result.ForbiddenReason);
        Assert.Equal(
            ["allowPrivilegeEscalation", "capabilities_restricted", "runAsNonRoot", "seccompProfile_restricted"],
            result.Violations.Select(v => v.CheckId));
    }

    [Fact]
    public void Evaluate_VersionAboveMaximum_ShowsUnclampedLabelAndBehavesAsLatest()
    {
        var latest = Evaluate("restricted:latest", PlainPod);
        var future = Evaluate("restricted:v1.50", PlainPod);

        Assert.StartsWith("violates PodSecurity \"restricted:v1.50\": ", future.DenialMessage, StringComparison.Ordinal);
        Assert.Equal(latest.ForbiddenDetail, future.ForbiddenDetail);
        Assert.Equal("v1.50", future.Policy.Version.ToString());
    }

    [Fact]
    public void Evaluate_HostPortAndSysctl_BaselineReasonsFirstAndPortsSortedAsStrings()
    {
        var result = Evaluate("restricted:latest", """
            spec:
              securityContext:
                sysctls:
                - name: kernel.msgmax
                  value: "1"
              containers:
              - name: x
                image: busybox
                ports:
                - containerPort: 8080
                  hostPort: 8080
                - containerPort: 10000
                  hostPort: 10000
            """);

        Assert.StartsWith(
            "violates PodSecurity \"restricted:latest\": hostPort (container \"x\" uses hostPorts 10000, 8080), forbidden sysctls (kernel.msgmax), allowPrivilegeEscalation != false (container \"x\" must set securityContext.allowPrivilegeEscalation=false), ",
            result.DenialMessage,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_OneHostPortOnSeveralContainers_UsesPluralVerbAndSingularNoun()
    {
        var result = Evaluate("baseline:latest", """
            spec:
              containers:
              - name: b
                ports: [{containerPort: 80, hostPort: 80}]
              - name: a
                ports: [{containerPort: 80, hostPort: 80}]
            """);

        Assert.Equal("hostPort (containers \"b\", \"a\" use hostPort 80)", Assert.Single(result.Violations).ToString());
    }

    [Fact]
    public void Evaluate_ForbiddenSysctl_ReasonAlwaysPluralAndDuplicatesKept()
    {
        var result = Evaluate("baseline:v1.26", """
            spec:
              securityContext:
                sysctls:
                - {name: net.ipv4.ip_local_reserved_ports, value: "1"}
                - {name: kernel.msgmax, value: "1"}
                - {name: kernel.msgmax, value: "2"}
              containers:
              - name: a
            """);

        Assert.Equal(
            "forbidden sysctls (net.ipv4.ip_local_reserved_ports, kernel.msgmax, kernel.msgmax)",
            Assert.Single(result.Violations).ToString());
        Assert.True(Evaluate("baseline:v1.27", """
            spec:
              securityContext:
                sysctls: [{name: net.ipv4.ip_local_reserved_ports, value: "1"}]
              containers: [{name: a}]
            """).Allowed);
    }

    [Fact]
    public void Evaluate_ProbeHosts_ContainersSortedByNameNotVisitOrder()
    {
        var result = Evaluate("baseline:latest", """
            spec:
              containers:
              - name: b
                livenessProbe: {httpGet: {host: localhost, port: 80}}
              - name: a
                lifecycle: {preStop: {tcpSocket: {host: 127.0.0.1, port: 80}}}
            """);

        Assert.Equal(
            "probe or lifecycle host (containers \"a\", \"b\" use probe or lifecycle hosts \"127.0.0.1\", \"localhost\")",
            Assert.Single(result.Violations).ToString());
        Assert.True(Evaluate("baseline:v1.33", """
            spec:
              containers:
              - name: b
                livenessProbe: {httpGet: {host: localhost, port: 80}}
            """).Allowed);
    }

    [Fact]
    public void Evaluate_OneBadAppArmorAnnotation_SingularReasonWithQuotedKeyValue()
    {
        var result = Evaluate("baseline:latest", """
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/e: unconfined
            spec:
              containers: [{name: a}]
            """);

        Assert.Equal(
            "forbidden AppArmor profile (annotation must not set AppArmor profile type to \"container.apparmor.security.beta.kubernetes.io/e=\"unconfined\"\")",
            Assert.Single(result.Violations).ToString());
    }

    [Fact]
    public void Evaluate_SeveralBadAppArmorValues_PluralReasonTypesBeforeAnnotations()
    {
        var result = Evaluate("baseline:latest", """
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/zz: bad
                container.apparmor.security.beta.kubernetes.io/a: unconfined
            spec:
              securityContext:
                appArmorProfile: {type: Unconfined}
              containers:
              - name: a
                securityContext:
                  appArmorProfile: {type: Unconfined}
            """);

        Assert.Equal(
            "forbidden AppArmor profiles (pod and container \"a\" and annotations must not set AppArmor profile type to \"Unconfined\", \"container.apparmor.security.beta.kubernetes.io/a=\"unconfined\"\", \"container.apparmor.security.beta.kubernetes.io/zz=\"bad\"\")",
            Assert.Single(result.Violations).ToString());
    }

    [Fact]
    public void Evaluate_AppArmorAnnotationForAnyKeySuffix_IsChecked()
    {
        var result = Evaluate("baseline:latest", """
            metadata:
              annotations:
                "container.apparmor.security.beta.kubernetes.io/": unconfined
            spec:
              containers: [{name: a}]
            """);

        Assert.False(result.Allowed);
    }

    [Fact]
    public void Evaluate_EmptyAnnotationValues_SeccompRejectsButAppArmorAccepts()
    {
        var seccomp = Evaluate("baseline:v1.18", """
            metadata:
              annotations:
                seccomp.security.alpha.kubernetes.io/pod: ""
            spec:
              containers: [{name: a}]
            """);
        var appArmor = Evaluate("baseline:v1.18", """
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/a: ""
            spec:
              containers: [{name: a}]
            """);

        Assert.Equal(
            "seccompProfile (forbidden annotation seccomp.security.alpha.kubernetes.io/pod=\"\")",
            Assert.Single(seccomp.Violations).ToString());
        Assert.True(appArmor.Allowed);
    }

    [Fact]
    public void Evaluate_SeccompAnnotationForUnknownContainer_IsIgnored()
    {
        const string Yaml = """
            metadata:
              annotations:
                container.seccomp.security.alpha.kubernetes.io/ghost: unconfined
                container.seccomp.security.alpha.kubernetes.io/a: unconfined
            spec:
              containers: [{name: a}]
            """;

        Assert.Equal(
            "seccompProfile (forbidden annotation container.seccomp.security.alpha.kubernetes.io/a=\"unconfined\")",
            Assert.Single(Evaluate("baseline:v1.18", Yaml).Violations).ToString());
        Assert.True(Evaluate("baseline:v1.19", Yaml).Allowed);
    }

    [Fact]
    public void Evaluate_SeLinuxOptions_ListsPartsInFixedOrder()
    {
        var result = Evaluate("baseline:v1.30", """
            spec:
              securityContext:
                seLinuxOptions: {type: container_engine_t}
              containers:
              - name: a
                securityContext:
                  seLinuxOptions: {type: spc_t, user: u, role: r, level: "s0"}
            """);

        Assert.Equal(
            "seLinuxOptions (pod and container \"a\" set forbidden securityContext.seLinuxOptions: types \"container_engine_t\", \"spc_t\"; user may not be set; role may not be set)",
            Assert.Single(result.Violations).ToString());
    }

    [Fact]
    public void Evaluate_RestrictedVolumes_PluralByVolumesAndTypes()
    {
        var result = Evaluate("restricted:latest", $$"""
            spec:
            {{RestrictedPodSecurityContext}}
              containers:
            {{RestrictedContainer("a")}}
              volumes:
              - name: ok
                emptyDir: {}
              - name: h
                hostPath: {path: /}
              - name: n
                nfs: {server: s, path: /}
              - name: none
            """);

        Assert.Equal(
            "restricted volume types (volumes \"h\", \"n\", \"none\" use restricted volume types \"hostPath\", \"nfs\", \"unknown\")",
            Assert.Single(result.Violations).ToString());
    }

    [Fact]
    public void Evaluate_NonZeroRunAsUser_DoesNotSatisfyRunAsNonRoot()
    {
        var result = Evaluate("restricted:latest", """
            spec:
              securityContext:
                runAsUser: 1000
                seccompProfile: {type: RuntimeDefault}
              containers:
              - name: a
                securityContext:
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL]}
            """);

        Assert.Equal(
            "runAsNonRoot != true (pod or container \"a\" must set securityContext.runAsNonRoot=true)",
            Assert.Single(result.Violations).ToString());
    }

    [Fact]
    public void Evaluate_PodRunAsNonRootFalse_ReportedEvenWhenContainersSetTrue()
    {
        var result = Evaluate("restricted:latest", """
            spec:
              securityContext:
                runAsNonRoot: false
                runAsUser: 0
                seccompProfile: {type: Unconfined}
              containers:
              - name: a
                securityContext:
                  runAsNonRoot: true
                  runAsUser: 1000
                  allowPrivilegeEscalation: false
                  capabilities: {drop: [ALL], add: [NET_BIND_SERVICE, SYS_ADMIN]}
            """);

        Assert.Equal(
            "unrestricted capabilities (container \"a\" must not include \"SYS_ADMIN\" in securityContext.capabilities.add), "
            + "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false), "
            + "runAsUser=0 (pod must not set runAsUser=0), "
            + "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")",
            result.ForbiddenDetail);
    }

    [Fact]
    public void Evaluate_EphemeralContainer_IsCheckedLikeOthers()
    {
        var result = Evaluate("baseline:latest", """
            spec:
              initContainers: [{name: i}]
              containers: [{name: c}]
              ephemeralContainers:
              - name: debug
                securityContext: {privileged: true}
            """);

        var violation = Assert.Single(result.Violations);
        Assert.Equal("privileged (container \"debug\" must not set securityContext.privileged=true)", violation.ToString());
        Assert.Equal(["/spec/ephemeralContainers/0/securityContext/privileged"], violation.Paths);
    }

    [Fact]
    public void Evaluate_ContainerList_KeepsVisitOrderInitThenRegularThenEphemeral()
    {
        var result = Evaluate("restricted:v1.8", """
            spec:
              securityContext: {runAsNonRoot: true}
              containers: [{name: a}]
              initContainers: [{name: z}]
              ephemeralContainers: [{name: m}]
            """);

        Assert.Equal(
            "allowPrivilegeEscalation != false (containers \"z\", \"a\", \"m\" must set securityContext.allowPrivilegeEscalation=false)",
            Assert.Single(result.Violations).ToString());
    }

    [Fact]
    public void Evaluate_Privileged_AlwaysAllowed()
    {
        var result = Evaluate("privileged:v1.0", """
            spec:
              hostNetwork: true
              containers:
              - name: a
                securityContext: {privileged: true}
            """);

        Assert.True(result.Allowed);
        Assert.Empty(result.Violations);
    }
}

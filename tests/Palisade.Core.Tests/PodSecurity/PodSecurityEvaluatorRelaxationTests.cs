using static Palisade.Core.Tests.PodSecurity.PodFixtures;

namespace Palisade.Core.Tests.PodSecurity;

public sealed class PodSecurityEvaluatorRelaxationTests
{
    // Missing allowPrivilegeEscalation, capabilities and seccomp: all three are [win] checks.
    private static string WindowsPod(string osName) => $$"""
        spec:
          os: {name: {{osName}}}
          securityContext: {runAsNonRoot: true}
          containers: [{name: a}]
        """;

    [Fact]
    public void Evaluate_WindowsPodFromV1_25_RelaxesWinChecks()
    {
        Assert.True(Evaluate("restricted:v1.25", WindowsPod("windows")).Allowed);
        Assert.True(Evaluate("restricted:latest", WindowsPod("windows")).Allowed);
    }

    [Fact]
    public void Evaluate_WindowsPodBeforeV1_25_IsNotRelaxed()
    {
        var result = Evaluate("restricted:v1.24", WindowsPod("windows"));

        Assert.Equal(
            ["allowPrivilegeEscalation", "capabilities_restricted", "seccompProfile_restricted"],
            result.Violations.Select(v => v.CheckId));
    }

    [Fact]
    public void Evaluate_OsNameNotExactlyWindows_IsNotRelaxed() =>
        Assert.False(Evaluate("restricted:latest", WindowsPod("Windows")).Allowed);

    [Fact]
    public void Evaluate_WindowsPod_StillRequiresRunAsNonRoot()
    {
        var result = Evaluate("restricted:latest", """
            spec:
              os: {name: windows}
              containers: [{name: a}]
            """);

        Assert.Equal("runAsNonRoot", Assert.Single(result.Violations).CheckId);
    }

    private const string UserNamespacePod = """
        spec:
          hostUsers: false
          securityContext:
            runAsUser: 0
            seccompProfile: {type: RuntimeDefault}
          containers:
          - name: a
            securityContext:
              allowPrivilegeEscalation: false
              capabilities: {drop: [ALL]}
        """;

    [Fact]
    public void Evaluate_HostUsersFalseFromV1_35_RelaxesRunAsNonRootAndRunAsUser()
    {
        Assert.True(Evaluate("restricted:v1.35", UserNamespacePod).Allowed);
        Assert.Equal(
            ["runAsNonRoot", "runAsUser"],
            Evaluate("restricted:v1.34", UserNamespacePod).Violations.Select(v => v.CheckId));
    }

    [Fact]
    public void Evaluate_HostUsersTrue_IsNotRelaxed() =>
        Assert.False(Evaluate("restricted:latest", UserNamespacePod.Replace("hostUsers: false", "hostUsers: true", StringComparison.Ordinal)).Allowed);

    private const string UnmaskedPod = """
        spec:
          hostUsers: false
          containers:
          - name: a
            securityContext: {procMount: Unmasked}
        """;

    [Fact]
    public void Evaluate_UnmaskedProcMountWithHostUsersFalse_BaselineRelaxedOnlyFromV1_35()
    {
        Assert.True(Evaluate("baseline:v1.35", UnmaskedPod).Allowed);
        Assert.Equal(
            "procMount (container \"a\" must not set securityContext.procMount to \"Unmasked\")",
            Assert.Single(Evaluate("baseline:v1.34", UnmaskedPod).Violations).ToString());
    }

    [Fact]
    public void Evaluate_UnmaskedProcMountWithHostUsersFalse_NeverRelaxedAtRestricted()
    {
        var result = Evaluate("restricted:latest", UnmaskedPod);

        var procMount = Assert.Single(result.Violations, v => v.Reason == "procMount");
        Assert.Equal("procMount_restricted", procMount.CheckId);
    }
}

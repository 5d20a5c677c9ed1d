using Palisade.Core.Checking;
using Palisade.Core.Manifests;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Tests.Checking;

public sealed class ManifestCheckerTests
{
    private const string PrivilegedSpec = """
        containers:
          - name: app
            image: app:1
            securityContext:
              privileged: true
        """;

    public static TheoryData<string, string, int> WorkloadKinds => new()
    {
        // kind, manifest with the pod spec indented under its template, line of "privileged: true"
        { "Pod", Manifest("v1", "Pod", "spec:\n" + Indent(PrivilegedSpec, 2)), 11 },
        { "Deployment", Manifest("apps/v1", "Deployment", "spec:\n  template:\n    spec:\n" + Indent(PrivilegedSpec, 6)), 13 },
        { "ReplicaSet", Manifest("apps/v1", "ReplicaSet", "spec:\n  template:\n    spec:\n" + Indent(PrivilegedSpec, 6)), 13 },
        { "StatefulSet", Manifest("apps/v1", "StatefulSet", "spec:\n  template:\n    spec:\n" + Indent(PrivilegedSpec, 6)), 13 },
        { "DaemonSet", Manifest("apps/v1", "DaemonSet", "spec:\n  template:\n    spec:\n" + Indent(PrivilegedSpec, 6)), 13 },
        { "Job", Manifest("batch/v1", "Job", "spec:\n  template:\n    spec:\n" + Indent(PrivilegedSpec, 6)), 13 },
        { "ReplicationController", Manifest("v1", "ReplicationController", "spec:\n  template:\n    spec:\n" + Indent(PrivilegedSpec, 6)), 13 },
        { "CronJob", Manifest("batch/v1", "CronJob", "spec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n" + Indent(PrivilegedSpec, 10)), 16 },
        { "PodTemplate", Manifest("v1", "PodTemplate", "template:\n  spec:\n" + Indent(PrivilegedSpec, 4)), 12 },
    };

    [Theory]
    [MemberData(nameof(WorkloadKinds))]
    public void Check_EachWorkloadKind_EvaluatesItsPodTemplateAndLocatesTheField(string kind, string yaml, int line)
    {
        var report = ManifestChecker.Check(ManifestLoader.LoadText("w.yaml", yaml), new CheckOptions(PodSecurityLevel.Baseline));

        Assert.Empty(report.Errors);
        var result = Assert.Single(report.Results);
        Assert.Equal(kind, result.Kind);
        Assert.False(result.Allowed);
        var violation = Assert.Single(result.Violations);
        Assert.Equal("privileged", violation.Check);
        Assert.Equal("container \"app\" must not set securityContext.privileged=true", violation.Message);
        Assert.Equal(line, violation.Position.Line);
        Assert.True(report.HasDenials);
        Assert.False(report.HasInputErrors);
    }

    [Fact]
    public void Check_NonPodKinds_AreCountedAsSkipped()
    {
        var yaml = """
            apiVersion: v1
            kind: Service
            metadata: {name: s}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            spec: {containers: [{name: c, image: c, securityContext: {privileged: true}}]}
            """;

        var report = ManifestChecker.Check(ManifestLoader.LoadText("s.yaml", yaml), new CheckOptions());

        Assert.Empty(report.Results);
        Assert.Equal(["Service", "Widget"], report.Skipped.Select(s => s.Kind));
        Assert.False(report.HasDenials);
        Assert.False(report.HasInputErrors);
    }

    [Fact]
    public void Check_ReplicationControllerWithoutTemplate_IsSkippedNotDenied()
    {
        var report = ManifestChecker.Check(
            ManifestLoader.LoadText("rc.yaml", "apiVersion: v1\nkind: ReplicationController\nmetadata: {name: rc}\nspec: {replicas: 1}\n"),
            new CheckOptions());

        Assert.Empty(report.Results);
        Assert.Equal("no pod template", Assert.Single(report.Skipped).Reason);
    }

    [Fact]
    public void Check_NamespaceLabelsInInputs_ApplyOnlyToThatNamespace()
    {
        var yaml = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: legacy
              labels:
                pod-security.kubernetes.io/enforce: privileged
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: legacy}
            spec: {hostPID: true, containers: [{name: c, image: c}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: b, namespace: other}
            spec: {hostPID: true, containers: [{name: c, image: c}]}
            """;

        var report = ManifestChecker.Check(ManifestLoader.LoadText("ns.yaml", yaml), new CheckOptions());

        var a = report.Results.Single(r => r.Name == "a");
        var b = report.Results.Single(r => r.Name == "b");
        Assert.True(a.Allowed);
        Assert.Equal("privileged:latest", a.Policy.ToString());
        Assert.Equal("namespace legacy", a.PolicySource);
        Assert.False(b.Allowed);
        Assert.Equal("restricted:latest", b.Policy.ToString());
    }

    [Fact]
    public void Check_NamespaceVersionLabelWithLevelFlag_KeepsLabelVersion()
    {
        var yaml = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team
              labels:
                pod-security.kubernetes.io/enforce: baseline
                pod-security.kubernetes.io/enforce-version: v1.22
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: a, namespace: team}
            spec: {containers: [{name: c, image: c}]}
            """;

        var report = ManifestChecker.Check(ManifestLoader.LoadText("ns.yaml", yaml), new CheckOptions(PodSecurityLevel.Restricted));

        var a = Assert.Single(report.Results);
        Assert.Equal("restricted:v1.22", a.Policy.ToString());
        // v1.22 has no runAsUser check yet, but restricted already requires runAsNonRoot.
        Assert.Contains(a.Violations, v => v.Check == "runAsNonRoot");
        Assert.DoesNotContain(a.Violations, v => v.Check == "runAsUser");
    }

    [Fact]
    public void Check_BadInput_MakesExitCodeTwo()
    {
        var report = ManifestChecker.Check(ManifestLoader.LoadText("bad.yaml", "kind: Pod\nmetadata: {name: [\n"), new CheckOptions());

        Assert.NotEmpty(report.Errors);
        Assert.True(report.HasInputErrors);
    }

    private static string Manifest(string apiVersion, string kind, string body) =>
        $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: w\n  namespace: ns\n{body}";

    private static string Indent(string text, int spaces) =>
        string.Join('\n', text.Split('\n').Select(l => new string(' ', spaces) + l)) + "\n";
}

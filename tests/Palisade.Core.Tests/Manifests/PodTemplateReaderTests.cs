using Palisade.Core.Manifests;

namespace Palisade.Core.Tests.Manifests;

public sealed class PodTemplateReaderTests
{
    private const string Containers = """
        containers:
          - name: app
            image: app:1
            securityContext:
              privileged: true
        """;

    public static TheoryData<string, string, string> Workloads => new()
    {
        { "Pod", "", "metadata: {name: p, labels: {app: x}}\nspec:\n" + Indent(Containers, 2) },
        { "Deployment", "/spec/template", Wrap("spec", "template") },
        { "ReplicaSet", "/spec/template", Wrap("spec", "template") },
        { "StatefulSet", "/spec/template", Wrap("spec", "template") },
        { "DaemonSet", "/spec/template", Wrap("spec", "template") },
        { "Job", "/spec/template", Wrap("spec", "template") },
        { "ReplicationController", "/spec/template", Wrap("spec", "template") },
        { "CronJob", "/spec/jobTemplate/spec/template", Wrap("spec", "jobTemplate", "spec", "template") },
        { "PodTemplate", "/template", Wrap("template") },
    };

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Read_WorkloadKind_FindsTemplateAtPointer(string kind, string templatePath, string body)
    {
        var obj = Load($"apiVersion: v1\nkind: {kind}\n{body}");

        var result = PodTemplateReader.Read(obj);

        Assert.True(result.IsPodBearing);
        Assert.Null(result.Error);
        var template = Assert.IsType<PodTemplate>(result.Template);
        Assert.Equal(templatePath, template.Pointer);
        Assert.Equal("x", template.Metadata!.Labels["app"]);
        var container = Assert.Single(template.Spec.Containers);
        Assert.Equal(("app", "app:1", true), (container.Name, container.Image, container.SecurityContext.Privileged));
        Assert.True(obj.Positions.ContainsKey(templatePath + "/spec/containers/0/securityContext/privileged"));
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Service\nspec: {ports: [{port: 80}]}\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\ndata: {a: b}\n")]
    [InlineData("apiVersion: example.com/v1\nkind: Widget\nspec:\n  template:\n    spec: {containers: [{name: a}]}\n")]
    public void Read_NonPodKind_IsNotPodBearing(string text)
    {
        var result = PodTemplateReader.Read(Load(text));

        Assert.Equal(new PodTemplateReadResult(null, false, null), result);
    }

    [Theory]
    [InlineData("kind: ReplicationController\nspec: {replicas: 1}\n")]
    [InlineData("kind: Deployment\nspec:\n  template:\n    metadata: {name: x}\n")]
    [InlineData("kind: CronJob\nspec: {schedule: '* * * * *'}\n")]
    [InlineData("kind: Pod\nmetadata: {name: p}\n")]
    public void Read_PodKindWithoutTemplate_IsPodBearingWithoutTemplateOrError(string text)
    {
        var result = PodTemplateReader.Read(Load(text));

        Assert.Equal(new PodTemplateReadResult(null, true, null), result);
    }

    [Fact]
    public void Read_NumbersAndBoolsInStringFields_AreReadAsText()
    {
        var obj = Load("""
            kind: Pod
            metadata:
              name: yes
              annotations:
                enabled: true
                replicas: 3
            spec:
              containers:
                - name: app
                  image: app:1.0
                  args: [--port, 8080, --ratio, 1.50, --x, 0x1F]
                  env:
                    - name: PORT
                      value: 8080
                    - name: DEBUG
                      value: on
                  resources:
                    limits: {cpu: 1, memory: 1Gi}
                  ports:
                    - containerPort: 8080
            """);

        var result = PodTemplateReader.Read(obj);

        Assert.Null(result.Error);
        var template = result.Template!;
        Assert.Equal("true", template.Metadata!.Name);
        Assert.Equal("true", template.Metadata.Annotations["enabled"]);
        Assert.Equal("3", template.Metadata.Annotations["replicas"]);
        var container = template.Spec.Containers[0];
        Assert.Equal(["--port", "8080", "--ratio", "1.5", "--x", "31"], container.Args);
        Assert.Equal(["8080", "true"], container.Env.Select(e => e.Value));
        Assert.Equal("1", container.Resources.Limits["cpu"].ToString());
        Assert.Equal(8080, container.Ports[0].ContainerPort);
    }

    [Theory]
    [InlineData(
        "kind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n          securityContext:\n            privileged: \"maybe\"\n",
        "d.yaml:8:13: invalid value at /spec/template/spec/containers/0/securityContext/privileged: expected true or false")]
    [InlineData(
        "kind: Pod\nspec:\n  containers: 5\n",
        "d.yaml:3:3: invalid value at /spec/containers: expected a list")]
    [InlineData(
        "kind: Pod\nspec:\n  containers:\n  - name: a\n    ports:\n    - containerPort: eighty\n",
        "d.yaml:6:7: invalid value at /spec/containers/0/ports/0/containerPort: expected an integer")]
    [InlineData(
        "kind: Pod\nmetadata:\n  labels: [a]\nspec:\n  containers: []\n",
        "d.yaml:3:3: invalid value at /metadata/labels: expected a mapping")]
    [InlineData(
        "kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec: 7\n",
        "d.yaml:6:9: invalid value at /spec/jobTemplate/spec/template/spec: expected a mapping")]
    public void Read_TypeError_ReportsAtOffendingField(string text, string expected)
    {
        var result = PodTemplateReader.Read(Load(text));

        Assert.True(result.IsPodBearing);
        Assert.Null(result.Template);
        Assert.Equal(expected, result.Error!.ToString());
    }

    [Fact]
    public void Read_ListItem_UsesItemRelativePointers()
    {
        var set = ManifestLoader.LoadText("l.yaml", """
            kind: List
            items:
              - kind: ConfigMap
              - kind: Pod
                spec:
                  containers:
                    - name: a
                      securityContext: {privileged: "no way"}
            """);

        var result = PodTemplateReader.Read(set.Objects[1]);

        Assert.Equal("l.yaml:8:29: invalid value at /spec/containers/0/securityContext/privileged: expected true or false", result.Error!.ToString());
    }

    private static ManifestObject Load(string text)
    {
        var set = ManifestLoader.LoadText("d.yaml", text);
        Assert.Empty(set.Diagnostics);
        return Assert.Single(set.Objects);
    }

    private static string Wrap(params string[] path)
    {
        var text = "metadata: {labels: {app: x}}\nspec:\n" + Indent(Containers, 2);
        foreach (var key in path.Reverse())
        {
            text = key + ":\n" + Indent(text, 2);
        }

        return text;
    }

    private static string Indent(string text, int spaces) =>
        string.Concat(text.Split('\n').Where(l => l.Length > 0).Select(l => new string(' ', spaces) + l + "\n"));
}

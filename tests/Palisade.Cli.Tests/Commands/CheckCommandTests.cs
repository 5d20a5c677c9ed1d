using System.Text.Json;
using System.Xml.Linq;

namespace Palisade.Cli.Tests.Commands;

public sealed class CheckCommandTests
{
    private const string CompliantPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: ok
        spec:
          securityContext:
            runAsNonRoot: true
            seccompProfile: {type: RuntimeDefault}
          containers:
            - name: app
              image: app:1
              securityContext:
                allowPrivilegeEscalation: false
                capabilities: {drop: [ALL]}
        """;

    private const string PlainPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: x
        spec:
          containers:
            - name: x
              image: x
        """;

    [Fact]
    public async Task Check_CompliantPod_ExitsZeroAndSaysAllowed()
    {
        using var dir = new TempDir();
        var file = dir.Write("ok.yaml", CompliantPod);

        var (exit, output, error) = await CliRunner.RunAsync("check", file);

        Assert.Equal(0, exit);
        Assert.Contains("allowed", output, StringComparison.Ordinal);
        Assert.Contains("1 object checked: 1 allowed, 0 denied", output, StringComparison.Ordinal);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Check_PlainPodAtRestricted_ExitsOneWithUpstreamDenial()
    {
        var (exit, output, _) = await CliRunner.RunWithStdinAsync(PlainPod, "check", "-", "--format", "json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var result = json.RootElement.GetProperty("results")[0];
        Assert.Equal("<stdin>", result.GetProperty("source").GetString());
        Assert.Equal(
            "violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"x\" must set securityContext.allowPrivilegeEscalation=false), "
            + "unrestricted capabilities (container \"x\" must set securityContext.capabilities.drop=[\"ALL\"]), "
            + "runAsNonRoot != true (pod or container \"x\" must set securityContext.runAsNonRoot=true), "
            + "seccompProfile (pod or container \"x\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")",
            result.GetProperty("denial").GetString());
    }

    [Fact]
    public async Task Check_JsonFormat_FollowsArchitectureContract()
    {
        var (exit, output, _) = await CliRunner.RunAsync("check", CliRunner.Example("web.yaml"), CliRunner.Example("vendor.yaml"), "--format", "json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        foreach (var r in results)
        {
            foreach (var field in new[] { "source", "document", "kind", "namespace", "name", "level", "version", "allowed", "violations" })
            {
                Assert.True(r.TryGetProperty(field, out _), $"result lacks '{field}'");
            }
        }

        var web = results.Single(r => r.GetProperty("name").GetString() == "web");
        Assert.True(web.GetProperty("allowed").GetBoolean());
        Assert.Equal("Deployment", web.GetProperty("kind").GetString());
        Assert.Equal(0, web.GetProperty("document").GetInt32());
        Assert.Equal(2, web.GetProperty("line").GetInt32());

        var agent = results.Single(r => r.GetProperty("name").GetString() == "log-agent");
        Assert.False(agent.GetProperty("allowed").GetBoolean());
        var checks = agent.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("check").GetString()).ToList();
        Assert.Equal(["hostNamespaces", "hostPathVolumes", "privileged"], checks);
        var privileged = agent.GetProperty("violations")[2];
        Assert.Equal("container \"agent\" must not set securityContext.privileged=true", privileged.GetProperty("message").GetString());
        Assert.Equal(27, privileged.GetProperty("line").GetInt32());

        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("objects").GetInt32());
        Assert.Equal(1, summary.GetProperty("allowed").GetInt32());
        Assert.Equal(2, summary.GetProperty("denied").GetInt32());
        Assert.Equal(2, summary.GetProperty("skipped").GetInt32());
    }

    [Fact]
    public async Task Check_NamespaceLabels_SetLevelAndVersionForObjectsInIt()
    {
        var (_, output, _) = await CliRunner.RunAsync("check", CliRunner.Example("vendor.yaml"), "--format", "json");

        using var json = JsonDocument.Parse(output);
        var agent = json.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "log-agent");
        Assert.Equal("baseline", agent.GetProperty("level").GetString());
        Assert.Equal("v1.30", agent.GetProperty("version").GetString());
        Assert.Equal("namespace vendor", agent.GetProperty("policySource").GetString());
        Assert.StartsWith("violates PodSecurity \"baseline:v1.30\": host namespaces (hostPID=true)", agent.GetProperty("denial").GetString(), StringComparison.Ordinal);

        var report = json.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "report");
        Assert.Equal("restricted", report.GetProperty("level").GetString());
        Assert.Equal("default", report.GetProperty("policySource").GetString());
    }

    [Fact]
    public async Task Check_LevelFlag_OverridesNamespaceLabel()
    {
        var (_, output, _) = await CliRunner.RunAsync("check", CliRunner.Example("vendor.yaml"), "--format", "json", "--level", "privileged");

        using var json = JsonDocument.Parse(output);
        var agent = json.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "log-agent");
        Assert.Equal("privileged", agent.GetProperty("level").GetString());
        Assert.Equal("v1.30", agent.GetProperty("version").GetString());
        Assert.True(agent.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Check_InvalidNamespaceLabel_FailsClosedToRestrictedWithWarning()
    {
        using var dir = new TempDir();
        var file = dir.Write("ns.yaml", """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: team
              labels:
                pod-security.kubernetes.io/enforce: Baseline
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: team}
            spec:
              containers: [{name: c, image: c}]
            """);

        var (exit, output, error) = await CliRunner.RunAsync("check", file, "--format", "json");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("restricted", json.RootElement.GetProperty("results")[0].GetProperty("level").GetString());
        Assert.Contains("warning: ", error, StringComparison.Ordinal);
        Assert.Contains("pod-security.kubernetes.io/enforce", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SarifFormat_HasRequiredStructureAndLocations()
    {
        var (exit, output, _) = await CliRunner.RunAsync("check", CliRunner.Example("vendor.yaml"), "--format", "sarif");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        SarifStructure.AssertValid(json.RootElement);
        var results = json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        var privileged = results.Single(r => r.GetProperty("ruleId").GetString() == "privileged");
        var location = privileged.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.EndsWith("examples/manifests/vendor.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(27, location.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public async Task Check_JUnitFormat_OneTestCasePerObject()
    {
        var (exit, output, _) = await CliRunner.RunAsync("check", CliRunner.Example("web.yaml"), CliRunner.Example("vendor.yaml"), "--format", "junit");

        Assert.Equal(1, exit);
        var doc = XDocument.Parse(output);
        var cases = doc.Descendants("testcase").ToList();
        Assert.Equal(5, cases.Count); // 3 pod-bearing objects + Service + Namespace (skipped)
        Assert.Equal(2, cases.Count(c => c.Element("failure") is not null));
        Assert.Equal(2, cases.Count(c => c.Element("skipped") is not null));
        Assert.Equal("5", doc.Root!.Attribute("tests")!.Value);
        Assert.Equal("2", doc.Root.Attribute("failures")!.Value);
        Assert.Equal(2, doc.Descendants("testsuite").Count());
    }

    [Fact]
    public async Task Check_YamlSyntaxError_PrintsFileLineColumnAndExitsTwo()
    {
        using var dir = new TempDir();
        var file = dir.Write("bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n");

        var (exit, _, error) = await CliRunner.RunAsync("check", file);

        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Matches(@"^.*bad\.yaml:\d+:\d+: .+$", lines[0]);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingFile_ExitsTwoNamingIt()
    {
        var (exit, _, error) = await CliRunner.RunAsync("check", "/nonexistent/deploy.yaml");

        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/deploy.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_UnknownOption_IsUsageErrorExitTwo()
    {
        var (exit, _, error) = await CliRunner.RunAsync("check", "x.yaml", "--nope");

        Assert.Equal(2, exit);
        Assert.StartsWith("palisade check: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_OutputFileExists_RefusesWithoutForce()
    {
        using var dir = new TempDir();
        var file = dir.Write("ok.yaml", CompliantPod);
        var report = dir.Write("report.json", "keep me");

        var (exit, _, error) = await CliRunner.RunAsync("check", file, "--format", "json", "--output", report);

        Assert.Equal(2, exit);
        Assert.Contains("--force", error, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(report));

        (exit, _, _) = await CliRunner.RunAsync("check", file, "--format", "json", "--output", report, "--force");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(File.ReadAllText(report));
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("allowed").GetInt32());
    }

    [Fact]
    public async Task Check_OutputIsAnInput_RefusedEvenWithForce()
    {
        using var dir = new TempDir();
        var file = dir.Write("ok.yaml", CompliantPod);

        var (exit, _, error) = await CliRunner.RunAsync("check", file, "--output", file, "--force");

        Assert.Equal(2, exit);
        Assert.Contains("inputs", error, StringComparison.Ordinal);
        Assert.Equal(CompliantPod, File.ReadAllText(file));
    }

    [Fact]
    public async Task Check_Help_ShowsExamples()
    {
        var (exit, output, _) = await CliRunner.RunAsync("check", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("Examples:", output, StringComparison.Ordinal);
        Assert.Contains("--format", output, StringComparison.Ordinal);
    }
}

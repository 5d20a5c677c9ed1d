using System.Text.Json;
using System.Xml.Linq;

namespace Palisade.Cli.Tests.Commands;

public sealed class PolicyTestCommandTests
{
    private static readonly string ExampleFolder = Path.Combine(CliRunner.RepoRoot, "examples", "policy-tests");

    private const string Pods = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: sandbox
          labels: {palisade.dev/trust: untrusted}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: job, namespace: sandbox}
        spec:
          containers:
            - name: job
              image: python:3.13
              securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, runAsNonRoot: true}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
        """;

    [Fact]
    public async Task PolicyTest_ExampleFolder_PassesAndExitsZero()
    {
        var (exit, output, error) = await CliRunner.RunAsync("policy", "test", ExampleFolder);

        Assert.Equal("", error);
        Assert.Equal(0, exit);
        var file = Path.Combine(ExampleFolder, "palisade-test.yaml");
        Assert.Equal(
            [
                $"PASS  {file}:11:7  Deployment/ingress-nginx/ingress-nginx-controller  tier=external-images runtimeClass=gvisor allowed",
                $"PASS  {file}:15:7  Pod/sandbox/pr-build  tier=untrusted runtimeClass=gvisor allowed",
                $"PASS  {file}:19:7  Pod/sandbox/debug-shell  tier=untrusted runtimeClass=runc denied",
                $"PASS  {file}:22:7  CronJob/ops/db-backup  tier=trusted runtimeClass=none allowed",
                "4 tests, 4 passed, 0 failed",
            ],
            output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task PolicyTest_Json_GivesEveryDecisionAndCounts()
    {
        var (exit, output, _) = await CliRunner.RunAsync("policy", "test", ExampleFolder, "--format", "json");

        Assert.Equal(0, exit);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(4, root.GetProperty("tests").GetInt32());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        var denied = root.GetProperty("results")[2];
        Assert.Equal("Pod/sandbox/debug-shell", denied.GetProperty("resource").GetString());
        Assert.False(denied.GetProperty("allowed").GetBoolean());
        Assert.True(denied.GetProperty("passed").GetBoolean());
        Assert.Equal(19, denied.GetProperty("line").GetInt32());
        Assert.Equal(7, denied.GetProperty("column").GetInt32());
        Assert.StartsWith("violates PodSecurity \"restricted:latest\": privileged", denied.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("allows runtimeClassName gvisor or kata only; the pod sets \"runc\"", denied.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyTest_OneWrongExpectation_FailsWithExitOneAndSaysWhy()
    {
        using var dir = new TempDir();
        Suite(dir, "shop", "- {resource: Pod/sandbox/job, tier: untrusted, runtimeClass: gvisor, allowed: true}\n- {resource: Deployment/shop/web, tier: untrusted, allowed: true}");

        var (exit, output, error) = await CliRunner.RunAsync("policy", "test", dir.Path);

        Assert.Equal(1, exit);
        Assert.Equal("", error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.StartsWith("PASS  ", lines[0], StringComparison.Ordinal);
        Assert.Equal($"FAIL  {Path.Combine(dir.Path, "shop", "palisade-test.yaml")}:8:7  Deployment/shop/web  tier=trusted runtimeClass=none allowed", lines[1]);
        Assert.Equal("      tier: expected \"untrusted\", got \"trusted\" (no other tier matched)", lines[2]);
        Assert.Equal("2 tests, 1 passed, 1 failed", lines[3]);
    }

    [Fact]
    public async Task PolicyTest_JUnit_IsOneSuitePerFileWithCountsAndFailures()
    {
        using var dir = new TempDir();
        Suite(dir, "a-pass", "- {resource: Pod/sandbox/job, tier: untrusted, allowed: true}\n- {resource: Deployment/shop/web, tier: trusted, runtimeClass: \"\", allowed: true}");
        Suite(dir, "b-fail", "- {resource: Pod/sandbox/job, runtimeClass: kata, allowed: true}\n- {resource: Deployment/shop/web, allowed: false}\n- {resource: Deployment/web, allowed: true}");

        var (exit, output, _) = await CliRunner.RunAsync("policy", "test", dir.Path, "--format", "junit");

        Assert.Equal(1, exit);
        var root = XDocument.Parse(output).Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        Assert.Equal(("5", "2", "0"), Counts(root));
        var suites = root.Elements().ToList();
        Assert.All(suites, s => Assert.Equal("testsuite", s.Name.LocalName));
        Assert.Equal(["a-pass", "b-fail"], suites.Select(s => s.Attribute("name")!.Value));
        Assert.Equal(("2", "0", "0"), Counts(suites[0]));
        Assert.Equal(("3", "2", "0"), Counts(suites[1]));
        foreach (var suite in suites)
        {
            var cases = suite.Elements().ToList();
            Assert.All(cases, c => Assert.Equal("testcase", c.Name.LocalName));
            Assert.Equal(int.Parse(suite.Attribute("tests")!.Value, System.Globalization.CultureInfo.InvariantCulture), cases.Count);
            Assert.Equal(int.Parse(suite.Attribute("failures")!.Value, System.Globalization.CultureInfo.InvariantCulture), cases.Count(c => c.Element("failure") is not null));
            Assert.All(cases, c => Assert.Equal(suite.Attribute("name")!.Value, c.Attribute("classname")!.Value));
        }

        var failed = suites[1].Elements("testcase").Where(c => c.Element("failure") is not null).ToList();
        Assert.Equal(["Pod/sandbox/job", "Deployment/shop/web"], failed.Select(c => c.Attribute("name")!.Value));
        Assert.Equal("runtimeClass: expected \"kata\", got \"gvisor\"", failed[0].Element("failure")!.Attribute("message")!.Value);
        Assert.Equal("allowed: expected denied, got allowed", failed[1].Element("failure")!.Attribute("message")!.Value);
        Assert.StartsWith(Path.Combine(dir.Path, "b-fail", "palisade-test.yaml") + ":7:7: Pod/sandbox/job: ", failed[0].Element("failure")!.Value, StringComparison.Ordinal);
        Assert.Equal("9", suites[1].Elements("testcase").Last().Attribute("line")!.Value);
    }

    [Fact]
    public async Task PolicyTest_JUnitOfTheExample_HasNoFailures()
    {
        var (exit, output, _) = await CliRunner.RunAsync("policy", "test", ExampleFolder, "--format", "junit");

        Assert.Equal(0, exit);
        var root = XDocument.Parse(output).Root!;
        Assert.Equal(("4", "0", "0"), Counts(root));
        Assert.Equal("corp-policy", Assert.Single(root.Elements("testsuite")).Attribute("name")!.Value);
        Assert.Empty(root.Descendants("failure"));
    }

    [Theory]
    [InlineData("- {resource: Pod/sandbox/job, allowed: maybe}", "palisade-test.yaml:7:35: allowed must be true or false")]
    [InlineData("- {resource: Pod/sandbox/nope, allowed: true}", "palisade-test.yaml:7:7: resource Pod/sandbox/nope is not in pods.yaml")]
    [InlineData("- {resource: Pod/sandbox/job, allowed: true, tier: gold}", "palisade-test.yaml:7:7: tier \"gold\" is not a tier of policy \"default\" (vendor, untrusted, trusted)")]
    public async Task PolicyTest_MalformedTest_ExitsTwoWithOneLineAtFileLineColumn(string results, string expected)
    {
        using var dir = new TempDir();
        Suite(dir, "bad", results);

        var (exit, output, error) = await CliRunner.RunAsync("policy", "test", dir.Path, "--format", "junit");

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"palisade: {Path.Combine(dir.Path, "bad", expected)}\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task PolicyTest_MalformedYaml_ExitsTwoNamingTheFile()
    {
        using var dir = new TempDir();
        var file = dir.Write("palisade-test.yaml", "apiVersion: palisade.dev/v1alpha1\nkind: PolicyTest\nspec: {resources: [a.yaml\n");

        var (exit, _, error) = await CliRunner.RunAsync("policy", "test", dir.Path);

        Assert.Equal(2, exit);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($@"^palisade: {System.Text.RegularExpressions.Regex.Escape(file)}:\d+:\d+: ", error);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyTest_NoTestsInFolder_ExitsTwo()
    {
        using var dir = new TempDir();

        var (exit, _, error) = await CliRunner.RunAsync("policy", "test", dir.Path);

        Assert.Equal(2, exit);
        Assert.Equal($"palisade: {dir.Path}: no palisade-test.yaml found\n", error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task PolicyTest_OutputOverExistingFile_NeedsForce()
    {
        using var dir = new TempDir();
        var report = dir.Write("report.xml", "keep me");

        var (refused, _, error) = await CliRunner.RunAsync("policy", "test", ExampleFolder, "--format", "junit", "--output", report);

        Assert.Equal(2, refused);
        Assert.Equal($"palisade: {report}: already exists; use --force to overwrite it\n", error.ReplaceLineEndings("\n"));
        Assert.Equal("keep me", File.ReadAllText(report));

        var (forced, output, _) = await CliRunner.RunAsync("policy", "test", ExampleFolder, "--format", "junit", "--output", report, "--force");

        Assert.Equal(0, forced);
        Assert.Equal("", output);
        Assert.Equal(("4", "0", "0"), Counts(XDocument.Load(report).Root!));
    }

    [Fact]
    public async Task PolicyTest_OutputIntoTheTestFolderOverAnInput_IsRefusedEvenWithForce()
    {
        using var dir = new TempDir();
        Suite(dir, "s", "- {resource: Pod/sandbox/job, allowed: true}");
        var pods = Path.Combine(dir.Path, "s", "pods.yaml");

        var (exit, _, error) = await CliRunner.RunAsync("policy", "test", dir.Path, "--output", pods, "--force");

        Assert.Equal(2, exit);
        Assert.Contains("refusing to write the report over one of the inputs", error, StringComparison.Ordinal);
        Assert.Equal(Pods, File.ReadAllText(pods));
    }

    [Fact]
    public async Task PolicyTest_Help_ShowsExamples()
    {
        var (exit, help, _) = await CliRunner.RunAsync("policy", "test", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("palisade policy test examples/policy-tests/", help, StringComparison.Ordinal);
        Assert.Contains("--format junit --output", help, StringComparison.Ordinal);
        Assert.Contains("palisade-test.yaml", help, StringComparison.Ordinal);
        Assert.DoesNotContain("export --to", help, StringComparison.Ordinal);
    }

    private static (string Tests, string Failures, string Errors) Counts(XElement e) =>
        (e.Attribute("tests")!.Value, e.Attribute("failures")!.Value, e.Attribute("errors")!.Value);

    private static void Suite(TempDir dir, string name, string results)
    {
        dir.Write($"{name}/pods.yaml", Pods);
        dir.Write(
            $"{name}/palisade-test.yaml",
            $"apiVersion: palisade.dev/v1alpha1\nkind: PolicyTest\nmetadata: {{name: {name}}}\nspec:\n  resources: [pods.yaml]\n  results:\n"
            + string.Join('\n', results.Split('\n').Select(l => "    " + l)) + "\n");
    }
}

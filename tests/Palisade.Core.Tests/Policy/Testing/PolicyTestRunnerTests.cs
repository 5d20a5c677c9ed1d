using Palisade.Core.Policy.Testing;
using Palisade.Core.Tests.Manifests;

namespace Palisade.Core.Tests.Policy.Testing;

/// <summary>The runner against the built-in policy (vendor, untrusted, trusted) with small real manifests.</summary>
public sealed class PolicyTestRunnerTests
{
    private const string Resources = """
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
              securityContext:
                allowPrivilegeEscalation: false
                capabilities: {drop: [ALL]}
                runAsNonRoot: true
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: root, namespace: sandbox}
        spec:
          containers: [{name: root, image: busybox, securityContext: {privileged: true}}]
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
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {ports: [{port: 80}]}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: other}
        spec:
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              containers: [{name: web, image: nginx}]
        """;

    [Fact]
    public void Run_RightExpectations_AllPass()
    {
        var results = Run("""
            - {resource: Pod/sandbox/job, tier: untrusted, runtimeClass: gvisor, allowed: true}
            - {resource: Pod/sandbox/root, tier: untrusted, allowed: false}
            - {resource: Deployment/shop/web, tier: trusted, runtimeClass: "", allowed: true}
            """);

        Assert.All(results, r => Assert.True(r.Passed, string.Join("; ", r.Mismatches)));
        Assert.Equal(["gvisor", "gvisor", null], results.Select(r => r.Decision.AssignedRuntimeClass));
        Assert.Equal("namespace label palisade.dev/trust=untrusted", results[0].Decision.TierReason);
        Assert.Equal(["Pod/sandbox/job", "Pod/sandbox/root", "Deployment/shop/web"], results.Select(r => r.Case.Resource));
    }

    [Fact]
    public void Run_WrongTier_Fails()
    {
        var result = Assert.Single(Run("- {resource: Pod/sandbox/job, tier: trusted, allowed: true}"));

        Assert.False(result.Passed);
        Assert.Equal(["tier: expected \"trusted\", got \"untrusted\" (namespace label palisade.dev/trust=untrusted)"], result.Mismatches);
    }

    [Fact]
    public void Run_WrongRuntimeClass_Fails()
    {
        var results = Run("""
            - {resource: Pod/sandbox/job, runtimeClass: kata, allowed: true}
            - {resource: Pod/sandbox/job, runtimeClass: "", allowed: true}
            - {resource: Deployment/shop/web, runtimeClass: gvisor, allowed: true}
            """);

        Assert.Equal(
            [
                "runtimeClass: expected \"kata\", got \"gvisor\"",
                "runtimeClass: expected none, got \"gvisor\"",
                "runtimeClass: expected \"gvisor\", got none",
            ],
            results.Select(r => Assert.Single(r.Mismatches)));
    }

    [Fact]
    public void Run_WrongVerdict_FailsBothWays()
    {
        var results = Run("""
            - {resource: Pod/sandbox/root, allowed: true}
            - {resource: Pod/sandbox/job, allowed: false}
            """);

        Assert.StartsWith("allowed: expected allowed, got denied: violates PodSecurity \"restricted:latest\": privileged", Assert.Single(results[0].Mismatches), StringComparison.Ordinal);
        Assert.Equal(["allowed: expected denied, got allowed"], results[1].Mismatches);
    }

    [Fact]
    public void Run_SeveralWrongFields_ListsEach()
    {
        var result = Assert.Single(Run("- {resource: Deployment/shop/web, tier: vendor, runtimeClass: kata, allowed: false}"));

        Assert.Equal(3, result.Mismatches.Count);
    }

    [Theory]
    [InlineData("- {resource: Pod/sandbox/ghost, allowed: true}", "palisade-test.yaml:7:7: resource Pod/sandbox/ghost is not in resources.yaml")]
    [InlineData("- {resource: Deployment/web, allowed: true}", "palisade-test.yaml:7:7: resource Deployment/web names more than one object; write Kind/namespace/name")]
    [InlineData("- {resource: Service/shop/web, allowed: true}", "palisade-test.yaml:7:7: resource Service/shop/web runs no pods")]
    [InlineData("- {resource: Pod/sandbox/job, tier: sandboxed, allowed: true}", "palisade-test.yaml:7:7: tier \"sandboxed\" is not a tier of policy \"default\" (vendor, untrusted, trusted)")]
    public void Run_ExpectationThatCannotBeChecked_IsABadTestAtItsLine(string results, string expected)
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<PolicyTestException>(() => Run(dir, Resources, results));

        Assert.Equal(Path.Join(dir.Path, expected), e.Message);
    }

    [Fact]
    public void Run_MalformedResourceFile_NamesThatFile()
    {
        using var dir = new TempFolder();
        var e = Assert.Throws<PolicyTestException>(() => Run(dir, "kind: Pod\nmetadata: {name: [x\n", "- {resource: Pod/x, allowed: true}"));

        Assert.StartsWith(Path.Join(dir.Path, "resources.yaml:3:1: While parsing a flow sequence"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadPolicyFile_NamesThePolicyFileLineAndColumn()
    {
        using var dir = new TempFolder();
        dir.Write("policy.yaml", "apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nmetadata: {name: p}\nspec:\n  tiers:\n    - name: all\n      runtimeClass: kata\n");
        dir.Write("resources.yaml", Resources);
        var file = dir.Write("palisade-test.yaml", Test("- {resource: Pod/sandbox/job, allowed: true}").Replace("spec:\n", "spec:\n  policy: policy.yaml\n", StringComparison.Ordinal));

        var e = Assert.Throws<PolicyTestException>(() => PolicyTestRunner.Run(PolicyTestReader.Read(file)));

        Assert.StartsWith(Path.Join(dir.Path, "policy.yaml:7:"), e.Message, StringComparison.Ordinal);
        Assert.Contains("\"kata\" is not defined", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ResourcesInAFolder_AreReadWithTheirNamespaces()
    {
        using var dir = new TempFolder();
        dir.Write("manifests/namespaces.yaml", Resources.Split("---")[0]);
        dir.Write("manifests/apps/pods.yaml", string.Join("---", Resources.Split("---")[1..]));
        var file = dir.Write("palisade-test.yaml", Test("- {resource: Pod/sandbox/job, tier: untrusted, runtimeClass: gvisor, allowed: true}").Replace("[resources.yaml]", "[manifests]", StringComparison.Ordinal));

        var result = Assert.Single(PolicyTestRunner.Run(PolicyTestReader.Read(file)));

        Assert.True(result.Passed, string.Join("; ", result.Mismatches));
    }

    [Fact]
    public void Run_TheExampleFolder_Passes()
    {
        var folder = Path.Join(RepositoryRoot(), "examples", "policy-tests");

        var results = PolicyTestReader.Find(folder).SelectMany(f => PolicyTestRunner.Run(PolicyTestReader.Read(f))).ToList();

        Assert.Equal(4, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, $"{r.Case.Resource}: {string.Join("; ", r.Mismatches)}"));
        Assert.Equal([true, true, false, true], results.Select(r => r.Decision.Allowed));
    }

    private static List<PolicyTestResult> Run(string results)
    {
        using var dir = new TempFolder();
        return Run(dir, Resources, results);
    }

    private static List<PolicyTestResult> Run(TempFolder dir, string resources, string results)
    {
        dir.Write("resources.yaml", resources);
        var file = dir.Write("palisade-test.yaml", Test(results));
        return [.. PolicyTestRunner.Run(PolicyTestReader.Read(file))];
    }

    private static string Test(string results) =>
        "apiVersion: palisade.dev/v1alpha1\nkind: PolicyTest\nmetadata: {name: t}\nspec:\n  resources: [resources.yaml]\n  results:\n"
        + string.Join('\n', results.Split('\n').Select(l => "    " + l)) + "\n";

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "Palisade.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Palisade.slnx not found");
    }
}

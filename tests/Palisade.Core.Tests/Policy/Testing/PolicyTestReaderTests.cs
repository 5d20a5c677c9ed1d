using Palisade.Core.Policy.Testing;
using Palisade.Core.Tests.Manifests;

namespace Palisade.Core.Tests.Policy.Testing;

public sealed class PolicyTestReaderTests
{
    private const string Resources = """
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec:
          containers: [{name: web, image: nginx}]
        """;

    [Fact]
    public void Read_AWellFormedFile_GivesPathsAgainstItsFolderAndEveryExpectation()
    {
        using var dir = new TempFolder();
        dir.Write("pods.yaml", Resources);
        dir.Write("policy.yaml", "unused: the reader only checks that it exists\n");
        var file = dir.Write("palisade-test.yaml", """
            apiVersion: palisade.dev/v1alpha1
            kind: PolicyTest
            metadata: {name: shop}
            spec:
              policy: policy.yaml
              resources: [pods.yaml]
              results:
                - resource: Pod/shop/web
                  tier: trusted
                  runtimeClass: ""
                  allowed: true
                - {resource: Pod/web, runtimeClass: null, allowed: false}
                - {resource: Pod/web, runtimeClass: gvisor, allowed: false}
                - {resource: Pod/web, allowed: true}
            """);

        var suite = PolicyTestReader.Read(file);

        Assert.Equal("shop", suite.Name);
        Assert.Equal(Path.Join(dir.Path, "policy.yaml"), suite.PolicyPath);
        Assert.Equal([Path.Join(dir.Path, "pods.yaml")], suite.Resources);
        Assert.Equal(
            [
                new PolicyTestCase("Pod/shop/web", 8, 7, "trusted", "", true),
                new PolicyTestCase("Pod/web", 12, 7, null, "", false),
                new PolicyTestCase("Pod/web", 13, 7, null, "gvisor", false),
                new PolicyTestCase("Pod/web", 14, 7, null, null, true),
            ],
            suite.Cases);
    }

    [Fact]
    public void Read_NoPolicyAndNoName_UsesTheBuiltInPolicyAndTheFolderName()
    {
        using var dir = new TempFolder();
        dir.Write("t/pods.yaml", Resources);
        var file = dir.Write("t/palisade-test.yaml", """
            apiVersion: palisade.dev/v1alpha1
            kind: PolicyTest
            spec:
              resources: [pods.yaml]
              results: [{resource: Pod/web, allowed: true}]
            """);

        var suite = PolicyTestReader.Read(file);

        Assert.Null(suite.PolicyPath);
        Assert.Equal("t", suite.Name);
    }

    public static TheoryData<string, string> BadFiles() => new()
    {
        { "spec: [unclosed", "2:1: While parsing a flow sequence" },
        { "", "1:1: a test file holds one PolicyTest; found 0 objects" },
        { Head + "  resources: [pods.yaml]\n  results: [{resource: Pod/web, allowed: true}]\n---\nkind: PolicyTest\n", "8:1: a test file holds one PolicyTest; found 2 objects" },
        { Head.Replace("kind: PolicyTest", "kind: Test", StringComparison.Ordinal) + Body, "2:1: kind must be PolicyTest" },
        { Head.Replace("v1alpha1", "v1", StringComparison.Ordinal) + Body, "1:1: apiVersion must be palisade.dev/v1alpha1" },
        { Head + Body + "status: {}\n", "7:1: unknown field \"status\" (expected apiVersion, kind, metadata, spec)" },
        { "apiVersion: palisade.dev/v1alpha1\nkind: PolicyTest\nspec: [a]\n", "3:1: spec must be a mapping" },
        { Head + Body + "  policies: [p.yaml]\n", "7:3: unknown field \"policies\" (expected policy, resources, results)" },
        { Head + "  results: [{resource: Pod/web, allowed: true}]\n", "4:1: resources must be a non-empty list" },
        { Head + "  resources: []\n  results: [{resource: Pod/web, allowed: true}]\n", "5:3: resources must be a non-empty list" },
        { Head + "  resources: [missing.yaml]\n  results: [{resource: Pod/web, allowed: true}]\n", "5:15: resource file missing.yaml: no such file or directory" },
        { Head + "  resources: [7]\n  results: [{resource: Pod/web, allowed: true}]\n", "5:15: resources[0] must be a non-empty string" },
        { Head + "  policy: nowhere.yaml\n" + Body, "5:3: policy nowhere.yaml: no such file" },
        { Head + "  resources: [pods.yaml]\n", "4:1: results must be a non-empty list" },
        { Head + "  resources: [pods.yaml]\n  results: [Pod/web]\n", "6:13: a result must be a mapping with resource, tier, runtimeClass and allowed" },
        { Head + "  resources: [pods.yaml]\n  results: [{resource: Pod/web, allowed: true, result: pass}]\n", "6:48: unknown field \"result\" (expected resource, tier, runtimeClass, allowed)" },
        { Head + "  resources: [pods.yaml]\n  results: [{allowed: true}]\n", "6:13: resource must be a non-empty string" },
        { Head + "  resources: [pods.yaml]\n  results: [{resource: web, allowed: true}]\n", "6:14: resource \"web\" must be Kind/name or Kind/namespace/name" },
        { Head + "  resources: [pods.yaml]\n  results: [{resource: Pod//web, allowed: true}]\n", "6:14: resource \"Pod//web\" must be Kind/name or Kind/namespace/name" },
        { Head + "  resources: [pods.yaml]\n  results: [{resource: Pod/web}]\n", "6:13: allowed must be true or false" },
        { Head + "  resources: [pods.yaml]\n  results: [{resource: Pod/web, allowed: \"yes\"}]\n", "6:33: allowed must be true or false" },
        { Head + "  resources: [pods.yaml]\n  results: [{resource: Pod/web, allowed: true, tier: 3}]\n", "6:48: tier must be a non-empty string" },
        { Head + "  resources: [pods.yaml]\n  results: [{resource: Pod/web, allowed: true, runtimeClass: [gvisor]}]\n", "6:48: runtimeClass must be a string (\"\" for none)" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Read_BadFile_IsOneLineNamingTheFileLineAndColumn(string text, string expected)
    {
        using var dir = new TempFolder();
        dir.Write("pods.yaml", Resources);
        var file = dir.Write("palisade-test.yaml", text);

        var e = Assert.Throws<PolicyTestException>(() => PolicyTestReader.Read(file));

        Assert.StartsWith($"{file}:{expected}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Find_AFolder_GivesEveryTestFileBelowItInPathOrder()
    {
        using var dir = new TempFolder();
        var b = dir.Write("b/palisade-test.yaml", "");
        var a = dir.Write("a/deeper/palisade-test.yaml", "");
        dir.Write("a/other-test.yaml", "");

        Assert.Equal([a, b], PolicyTestReader.Find(dir.Path));
    }

    [Fact]
    public void Find_AFolderWithoutTests_OrNoFolder_IsAnError()
    {
        using var dir = new TempFolder();
        var missing = Path.Join(dir.Path, "nope");

        Assert.Equal($"{dir.Path}: no palisade-test.yaml found", Assert.Throws<PolicyTestException>(() => PolicyTestReader.Find(dir.Path)).Message);
        Assert.Equal($"{missing}: no such file or directory", Assert.Throws<PolicyTestException>(() => PolicyTestReader.Find(missing)).Message);
    }

    private const string Head = "apiVersion: palisade.dev/v1alpha1\nkind: PolicyTest\nmetadata: {name: t}\nspec:\n";

    private const string Body = "  resources: [pods.yaml]\n  results: [{resource: Pod/web, allowed: true}]\n";
}

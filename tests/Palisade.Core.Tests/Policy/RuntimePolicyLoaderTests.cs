using Palisade.Core.Policy;
using Palisade.Core.PodSecurity;
using Palisade.Core.Tests.Manifests;

namespace Palisade.Core.Tests.Policy;

public sealed class RuntimePolicyLoaderTests
{
    private const string Header = """
        apiVersion: palisade.dev/v1alpha1
        kind: RuntimePolicy
        metadata: {name: test}
        spec:
          runtimeClasses:
            - {name: gvisor, handler: runsc}
            - {name: kata, handler: kata}

        """;

    [Fact]
    public void Default_BuiltInPolicy_HasTheThreeTiersOfTheIssue()
    {
        var policy = RuntimePolicyLoader.Default;

        Assert.Equal(RuntimePolicyLoader.BuiltInSource, policy.Source);
        Assert.Equal(["gvisor:runsc", "kata:kata"], policy.RuntimeClasses.Select(c => $"{c.Name}:{c.Handler}"));
        Assert.Equal(["vendor", "untrusted", "trusted"], policy.Tiers.Select(t => t.Name));
        var vendor = policy.Tiers[0];
        Assert.Equal("kata", vendor.RuntimeClass);
        Assert.Equal(["kata"], vendor.AllowedRuntimeClasses);
        Assert.Equal(LevelVersion.RestrictedLatest, vendor.PodSecurity);
        Assert.True(vendor.DefaultSeccompProfile);
        Assert.True(vendor.DisableServiceAccountTokenAutomount);
        Assert.Equal(FailureMode.Closed, vendor.FailureMode);
        Assert.Equal(["gvisor", "kata"], policy.Tiers[1].AllowedRuntimeClasses);
        Assert.Equal(2, policy.Tiers[1].Match.Count);
        var trusted = policy.Tiers[2];
        Assert.True(trusted.IsCatchAll);
        Assert.Null(trusted.RuntimeClass);
        Assert.Equal(PodSecurityLevel.Baseline, trusted.PodSecurity.Level);
        Assert.Equal(FailureMode.Open, trusted.FailureMode);
        Assert.Equal(FailureMode.Closed, policy.FailureModeFor(null));
    }

    [Fact]
    public void Default_IsTheShippedExampleFile()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "runtime-policy.yaml");

        Assert.Equal(File.ReadAllText(example), RuntimePolicyLoader.DefaultText);
        Assert.Equal(RuntimePolicyLoader.Default with { Source = example }, RuntimePolicyLoader.Load(example), new PolicyComparer());
    }

    [Fact]
    public void Parse_PolicyWithManyProblems_ListsEveryProblemWithLineAndColumn()
    {
        var yaml = Header + """
              colour: blue
              tiers:
                - name: vendor
                  match:
                    - podSelector: {matchLabels: {vendor-workload: true}}
                  runtimeClass: firecracker
                  allowedRuntimeClasses: [kata]
                  podSecurity: {level: strict, version: "1.30"}
                - name: vendor
                  match:
                    - images: {registriesNotIn: ["https://registry.example.com"]}
                    - namespaceSelector: {matchExpressions: [{key: team, operator: Like, values: [a]}]}
                  runtimeClass: gvisor
                  allowedRuntimeClasses: [kata]
                  podSecurity: {level: baseline}
                  failureMode: sometimes
            """;

        var ex = Assert.Throws<RuntimePolicyException>(() => RuntimePolicyLoader.Parse(yaml, "p.yaml"));

        Assert.Equal(
            [
                "p.yaml:8:3: unknown field \"colour\" in spec (expected failureMode, runtimeClasses, tiers, gate)",
                "p.yaml:12:39: label \"vendor-workload\": value must be a string (write it quoted: \"true\")",
                "p.yaml:13:7: runtime class \"firecracker\" is not defined in spec.runtimeClasses (gvisor, kata)",
                "p.yaml:15:21: level must be privileged, baseline or restricted (got \"strict\")",
                "p.yaml:15:36: version must be \"latest\" or \"v1.N\" (got \"1.30\")",
                "p.yaml:16:7: tier \"vendor\" is defined twice",
                "p.yaml:18:38: registry \"https://registry.example.com\": write the registry host without a scheme (registry.example.com, not https://registry.example.com)",
                "p.yaml:19:62: operator must be In, NotIn, Exists or DoesNotExist (got \"Like\")",
                "p.yaml:20:7: runtime class \"gvisor\" is assigned but not in allowedRuntimeClasses [kata]",
                "p.yaml:23:7: failureMode must be closed or open (got \"sometimes\")",
                "p.yaml:16:7: no catch-all tier: the last tier must have no match rules, so every pod falls into some tier",
            ],
            ex.Problems.Select(p => p.ToString()));
        Assert.Equal(ex.Problems[0] + " (and 10 more problems)", ex.Message);
    }

    [Fact]
    public void Parse_CatchAllTierNotLast_ReportsUnreachableTier()
    {
        var yaml = Header + """
              tiers:
                - name: all
                  podSecurity: {level: baseline}
                - name: never
                  match: [{namespaces: [x]}]
                  podSecurity: {level: baseline}
            """;

        var problem = Assert.Single(Assert.Throws<RuntimePolicyException>(() => RuntimePolicyLoader.Parse(yaml, "p.yaml")).Problems);

        Assert.Equal("p.yaml:11:7: tier \"never\" can never match: tier \"all\" before it has no match rules and takes every pod", problem.ToString());
    }

    [Theory]
    [InlineData("apiVersion: palisade.dev/v1\nkind: RuntimePolicy\nspec: {tiers: [{name: a, podSecurity: {level: baseline}}]}", "p.yaml:1:1: apiVersion must be palisade.dev/v1alpha1 (got \"palisade.dev/v1\")")]
    [InlineData("apiVersion: palisade.dev/v1alpha1\nkind: Policy\nspec: {tiers: [{name: a, podSecurity: {level: baseline}}]}", "p.yaml:2:1: kind must be RuntimePolicy (got \"Policy\")")]
    [InlineData("apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\n", "p.yaml:1:1: missing field \"spec\" in the policy")]
    [InlineData("apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nspec: {tiers: []}", "p.yaml:3:8: tiers must list at least one tier (the last one, without match rules, takes every pod)")]
    [InlineData("apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nspec: {tiers: [{name: a}]}", "p.yaml:3:16: missing field \"podSecurity\" in spec.tiers[0]")]
    [InlineData("apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nspec: {tiers: [{name: A_b, podSecurity: {level: baseline}}]}", "p.yaml:3:17: tier name \"A_b\" must be a lowercase DNS label (a-z, 0-9, '-')")]
    [InlineData("apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nspec: {tiers: [{name: a, match: [{}], podSecurity: {level: baseline}}]}", "p.yaml:3:34: match rule has no criteria: give namespaces, namespaceSelector, podSelector or images")]
    [InlineData("apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nspec: {tiers: [{name: a, defaults: {automountServiceAccountToken: true}, podSecurity: {level: baseline}}]}", "p.yaml:3:37: automountServiceAccountToken can only default to false (got true)")]
    [InlineData("apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nspec: {tiers: [{name: a, match: [{podSelector: {matchLabels: {\"bad key!\": x}}}], podSecurity: {level: baseline}}]}", "p.yaml:3:63: \"bad key!\" is not a valid label key")]
    [InlineData("apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nspec:\n  tiers:\n  - name: a\n    podSecurity: {level: baseline\n", "p.yaml:7:1: While parsing a flow mapping, did not find expected ',' or '}'.")]
    [InlineData("", "p.yaml: no RuntimePolicy in the file")]
    [InlineData("kind: A\n---\nkind: B\n", "p.yaml:3:1: a policy file holds one RuntimePolicy; found 2 objects")]
    public void Parse_BadPolicy_ReportsOneClearProblem(string yaml, string expected)
    {
        var ex = Assert.Throws<RuntimePolicyException>(() => RuntimePolicyLoader.Parse(yaml, "p.yaml"));

        Assert.Equal(expected, ex.Problems[0].ToString());
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingTheFile()
    {
        var ex = Assert.Throws<RuntimePolicyException>(() => RuntimePolicyLoader.Load("/nonexistent/policy.yaml"));

        Assert.Equal("/nonexistent/policy.yaml: no such file or directory", ex.Message);
    }

    [Fact]
    public void Load_RuntimeClassWithSchedulingAndOverhead_KeepsThem()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "p.yaml");
        File.WriteAllText(path, """
            apiVersion: palisade.dev/v1alpha1
            kind: RuntimePolicy
            spec:
              runtimeClasses:
                - name: gvisor
                  handler: runsc
                  overhead: {cpu: 250m, memory: 64Mi}
                  scheduling:
                    nodeSelector: {sandbox.palisade.dev/runsc: "true"}
                    tolerations: [{key: sandbox, operator: Exists, effect: NoSchedule}]
              tiers:
                - name: all
                  runtimeClass: gvisor
                  podSecurity: {level: restricted, version: v1.30}
            """);

        var policy = RuntimePolicyLoader.Load(path);

        var gvisor = Assert.Single(policy.RuntimeClasses);
        Assert.Equal("250m", gvisor.Overhead["cpu"]);
        Assert.Equal("64Mi", gvisor.Overhead["memory"]);
        Assert.Equal("true", gvisor.NodeSelector["sandbox.palisade.dev/runsc"]);
        Assert.Equal("NoSchedule", Assert.Single(gvisor.Tolerations).Effect);
        Assert.Equal("restricted:v1.30", policy.Tiers[0].PodSecurity.ToString());
        Assert.False(policy.Tiers[0].SandboxRequired);
        Assert.Equal(FailureMode.Open, policy.Tiers[0].FailureMode);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>Records holding lists compare by reference; compare what a reader of the policy sees.</summary>
    private sealed class PolicyComparer : IEqualityComparer<RuntimePolicy>
    {
        public bool Equals(RuntimePolicy? x, RuntimePolicy? y) =>
            x is not null && y is not null && Describe(x) == Describe(y);

        public int GetHashCode(RuntimePolicy obj) => Describe(obj).GetHashCode(StringComparison.Ordinal);

        private static string Describe(RuntimePolicy p) => string.Join(
            "|",
            p.Source,
            p.Name,
            string.Join(",", p.RuntimeClasses.Select(c => c.Name + ":" + c.Handler)),
            string.Join(",", p.Tiers.Select(t => $"{t.Name}:{t.RuntimeClass}:{string.Join("+", t.AllowedRuntimeClasses)}:{t.PodSecurity}:{t.Match.Count}:{t.FailureMode}")));
    }
}

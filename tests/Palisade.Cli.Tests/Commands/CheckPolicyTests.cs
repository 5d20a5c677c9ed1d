using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

public sealed class CheckPolicyTests
{
    private static readonly string Workloads = Path.Combine(CliRunner.RepoRoot, "examples", "policy", "workloads.yaml");
    private static readonly string ExamplePolicy = Path.Combine(CliRunner.RepoRoot, "examples", "runtime-policy.yaml");

    [Fact]
    public async Task Check_PolicyExamples_ReportsTiersPatchesAndRuntimeClassDenial()
    {
        var (exit, output, error) = await CliRunner.RunAsync("check", Workloads, "--policy", ExamplePolicy, "--format", "json");

        Assert.Equal(1, exit);
        Assert.Equal("", error);
        var results = JsonDocument.Parse(output).RootElement.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        var agent = results["vendor-agent"];
        Assert.True(agent.GetProperty("allowed").GetBoolean());
        Assert.Equal("vendor", agent.GetProperty("tier").GetString());
        Assert.Equal("pod label vendor-workload=true", agent.GetProperty("tierReason").GetString());
        Assert.Equal("kata", agent.GetProperty("runtimeClass").GetString());
        Assert.Equal("restricted", agent.GetProperty("level").GetString());
        Assert.Equal("/spec/template/spec/runtimeClassName", agent.GetProperty("patch")[0].GetProperty("path").GetString());

        var runc = results["vendor-on-runc"];
        Assert.False(runc.GetProperty("allowed").GetBoolean());
        var violation = Assert.Single(runc.GetProperty("violations").EnumerateArray());
        Assert.Equal("runtimeClass", violation.GetProperty("check").GetString());
        Assert.Equal(
            "runtime policy tier \"vendor\" (pod label vendor-workload=true) allows runtimeClassName kata only; the pod sets \"runc\"",
            violation.GetProperty("message").GetString());
        Assert.Equal(39, violation.GetProperty("line").GetInt32());

        var job = results["convert"];
        Assert.Equal("untrusted", job.GetProperty("tier").GetString());
        Assert.Equal("namespace label palisade.dev/trust=untrusted", job.GetProperty("tierReason").GetString());
        Assert.Equal("gvisor", job.GetProperty("runtimeClass").GetString());
        Assert.DoesNotContain(job.GetProperty("violations").EnumerateArray(), v => v.GetProperty("check").GetString() == "seccompProfile_restricted");

        var web = results["web"];
        Assert.True(web.GetProperty("allowed").GetBoolean());
        Assert.Equal("trusted", web.GetProperty("tier").GetString());
        Assert.Equal("baseline", web.GetProperty("level").GetString());
        Assert.Equal(0, web.GetProperty("patch").GetArrayLength());
    }

    [Fact]
    public async Task Check_WithoutPolicy_JsonHasNoTierFields()
    {
        var (_, output, _) = await CliRunner.RunAsync("check", Workloads, "--format", "json");

        foreach (var result in JsonDocument.Parse(output).RootElement.GetProperty("results").EnumerateArray())
        {
            Assert.False(result.TryGetProperty("tier", out _));
        }
    }

    [Fact]
    public async Task Check_LevelFlagWithPolicy_FlagOverridesTierLevel()
    {
        var (_, output, _) = await CliRunner.RunAsync("check", Workloads, "--policy", "builtin", "--level", "privileged", "--format", "json");

        var results = JsonDocument.Parse(output).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.All(results, r => Assert.Equal("privileged", r.GetProperty("level").GetString()));
        var runc = results.Single(r => r.GetProperty("name").GetString() == "vendor-on-runc");
        Assert.False(runc.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Check_TextWithPolicy_ShowsTierLine()
    {
        var (exit, output, _) = await CliRunner.RunAsync("check", Workloads, "--policy", "builtin");

        Assert.Equal(1, exit);
        Assert.Contains("tier vendor (pod label vendor-workload=true); runtime class: kata; admission sets runtimeClassName, seccompProfile, automountServiceAccountToken", output, StringComparison.Ordinal);
        Assert.Contains("39:3 runtimeClass: runtime policy tier \"vendor\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BadPolicyFile_ExitsTwoListingEveryProblem()
    {
        using var dir = new TempDir();
        var policy = dir.Write("policy.yaml", """
            apiVersion: palisade.dev/v1alpha1
            kind: RuntimePolicy
            spec:
              tiers:
                - name: vendor
                  match: [{podSelector: {matchLabels: {vendor-workload: "true"}}}]
                  runtimeClass: kata
                  podSecurity: {level: restricted}
            """);

        var (exit, output, error) = await CliRunner.RunAsync("check", Workloads, "--policy", policy);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal(
            [
                $"palisade: {policy}:7:7: runtime class \"kata\" is not defined in spec.runtimeClasses (none are defined)",
                $"palisade: {policy}:5:7: no catch-all tier: the last tier must have no match rules, so every pod falls into some tier",
            ],
            error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingPolicyFile_ExitsTwoNamingIt()
    {
        var (exit, _, error) = await CliRunner.RunAsync("check", Workloads, "--policy", "/nonexistent/p.yaml");

        Assert.Equal(2, exit);
        Assert.Equal("palisade: /nonexistent/p.yaml: no such file or directory\n", error);
    }
}

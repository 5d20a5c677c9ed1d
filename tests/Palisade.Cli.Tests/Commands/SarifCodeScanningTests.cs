using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

/// <summary>What GitHub code scanning needs from the SARIF log: fingerprints, severities, rules, categories.</summary>
public sealed class SarifCodeScanningTests
{
    private static readonly string Workloads = Path.Combine(CliRunner.RepoRoot, "examples", "policy", "workloads.yaml");
    private static readonly string ExamplePolicy = Path.Combine(CliRunner.RepoRoot, "examples", "runtime-policy.yaml");

    [Fact]
    public async Task FingerprintsAreStableAcrossRunsAndDistinctPerFinding()
    {
        using var dir = new TempDir();
        // The same manifest in another place in its file (lines shift) must keep its fingerprints.
        var original = await File.ReadAllTextAsync(CliRunner.Example("vendor.yaml"));
        var file = dir.Write("vendor.yaml", original);
        var first = await FingerprintsAsync(file);
        var second = await FingerprintsAsync(file);
        File.WriteAllText(file, "# a comment that moves every line down\n\n" + original);
        var shifted = await FingerprintsAsync(file);

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
        Assert.Equal(first, shifted);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.All(first, f => Assert.Matches("^[0-9a-f]{32}$", f));
    }

    [Fact]
    public async Task EveryResultHasARuleWithSecuritySeverityAndEachCategoryItsOwnRun()
    {
        var (exit, output, _) = await CliRunner.RunAsync("check", Workloads, "--policy", ExamplePolicy, "--format", "sarif");

        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        SarifStructure.AssertValid(json.RootElement);
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["palisade/pod-security/", "palisade/runtime-policy/"], runs.Select(r => r.GetProperty("automationDetails").GetProperty("id").GetString()));
        foreach (var run in runs)
        {
            var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
            foreach (var rule in rules)
            {
                var severity = double.Parse(rule.GetProperty("properties").GetProperty("security-severity").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(severity, 0.1, 10.0);
            }

            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var index = result.GetProperty("ruleIndex").GetInt32();
                Assert.Equal(result.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
            }
        }

        var runtimeResults = runs[1].GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(runtimeResults);
        Assert.All(runtimeResults, r => Assert.Equal("runtimeClass", r.GetProperty("ruleId").GetString()));
        Assert.DoesNotContain(runs[0].GetProperty("results").EnumerateArray(), r => r.GetProperty("ruleId").GetString() == "runtimeClass");
    }

    [Fact]
    public async Task WithoutAPolicyThereIsOnlyThePodSecurityRun()
    {
        var (_, output, _) = await CliRunner.RunAsync("check", CliRunner.Example("vendor.yaml"), "--format", "sarif");
        using var json = JsonDocument.Parse(output);
        Assert.Equal(1, json.RootElement.GetProperty("runs").GetArrayLength());
    }

    private static async Task<List<string>> FingerprintsAsync(string file)
    {
        var (exit, output, _) = await CliRunner.RunAsync("check", file, "--format", "sarif");
        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("partialFingerprints").GetProperty("palisadeFinding/v1").GetString()!)
            .ToList();
    }
}

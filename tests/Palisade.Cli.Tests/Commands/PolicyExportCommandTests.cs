namespace Palisade.Cli.Tests.Commands;

public sealed class PolicyExportCommandTests
{
    [Fact]
    public async Task Export_VapOfBuiltInPolicy_PrintsObjectsAndLossesAndExitsOne()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("policy", "export", "--to", "vap");

        Assert.Equal(1, exit);
        Assert.Contains("kind: ValidatingAdmissionPolicy\n", stdout, StringComparison.Ordinal);
        Assert.Contains("apiVersion: admissionregistration.k8s.io/v1\n", stdout, StringComparison.Ordinal);
        Assert.Contains("palisade: lost: tier vendor: Pod Security restricted:latest", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_MapOnly_IsExactAndExitsZero()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("policy", "export", "--to", "map", "--kubernetes-version", "1.34");

        Assert.Equal(0, exit);
        Assert.Contains("apiVersion: admissionregistration.k8s.io/v1beta1\nkind: MutatingAdmissionPolicy\n", stdout, StringComparison.Ordinal);
        Assert.Contains("--feature-gates=MutatingAdmissionPolicy=true", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_MapBelowKubernetes132_IsRefusedWithExitTwo()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("policy", "export", "--to", "map", "--kubernetes-version", "1.31");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith("palisade: cannot export to map: MutatingAdmissionPolicy needs Kubernetes 1.32 or later", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_BadVersion_IsUsageErrorNamingTheOption()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("policy", "export", "--to", "kyverno", "--kyverno-version", "two");

        Assert.Equal(2, exit);
        Assert.Equal("palisade: --kyverno-version two: expected a version like 1.34\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Export_ToDirectory_WritesOneFilePerKindAndRefusesToOverwrite()
    {
        using var dir = new TempDir();
        var target = Path.Combine(dir.Path, "gk") + "/";

        var (exit, _, _) = await CliRunner.RunAsync("policy", "export", "--to", "gatekeeper", "--output", target);
        var (again, _, stderr) = await CliRunner.RunAsync("policy", "export", "--to", "gatekeeper", "--output", target);

        Assert.Equal(1, exit);
        Assert.Equal(
            ["gatekeeper-assign.yaml", "gatekeeper-constraint-template.yaml", "gatekeeper-constraints.yaml", "pod-security-admission-config.yaml"],
            Directory.GetFiles(target).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(2, again);
        Assert.Contains("already exists; use --force", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_BadPolicyFile_ExitsTwoNamingTheFile()
    {
        using var dir = new TempDir();
        var policy = Path.Combine(dir.Path, "bad.yaml");
        await File.WriteAllTextAsync(policy, "apiVersion: palisade.dev/v1alpha1\nkind: RuntimePolicy\nmetadata: {name: x}\nspec: {tiers: []}\n");

        var (exit, stdout, stderr) = await CliRunner.RunAsync("policy", "export", "--to", "vap", "--policy", policy);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.StartsWith($"palisade: {policy}:", stderr, StringComparison.Ordinal);
    }
}

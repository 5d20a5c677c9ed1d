using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

/// <summary>The main job end to end, with the real runc and runsc (installed by test.sh).</summary>
[Collection(RealRuntimes.Name)]
public sealed class AssessCommandTests
{
    [Fact]
    public async Task Assess_BuiltInSample_RecommendsGvisorAndWritesReportFolder()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "report");

        var (exit, output, error) = await CliRunner.RunAsync("assess", "--out", folder);

        Assert.True(exit == 0, error + output);
        Assert.Contains("Recommendation: gvisor", output, StringComparison.Ordinal);
        foreach (var file in new[] { "assessment.json", "report.html", "runtimeclass.yaml", "pod-patch.yaml", "seccomp.json", "seccomp-pod-patch.yaml", "seccomp-profile.yaml" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "assessment.json")));
        var root = json.RootElement;
        Assert.Equal("gvisor", root.GetProperty("recommendation").GetProperty("runtime").GetString());
        Assert.True(root.GetProperty("compatibility").GetProperty("compatible").GetBoolean());
        var runs = root.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["runc", "runsc"], runs.Select(r => r.GetProperty("runtime").GetString()));
        Assert.All(runs, r => Assert.Equal(0, r.GetProperty("exitCode").GetInt32()));
        // The sample reads its CSV: openat and read must be among the recorded syscalls under both runtimes.
        Assert.All(runs, r => Assert.Contains(r.GetProperty("syscalls").EnumerateArray(), s => s.GetProperty("name").GetString() == "read"));
        var seccomp = root.GetProperty("seccomp");
        Assert.InRange(seccomp.GetProperty("allowed").GetInt32(), 20, 80);
        Assert.All(seccomp.GetProperty("verified").EnumerateArray(), v => Assert.True(v.GetProperty("sameBehaviour").GetBoolean(), v.ToString()));
        Assert.Equal(2, seccomp.GetProperty("verified").GetArrayLength());
        Assert.Contains("handler: runsc", File.ReadAllText(Path.Combine(folder, "runtimeclass.yaml")), StringComparison.Ordinal);
        Assert.Contains("runtimeClassName: gvisor", File.ReadAllText(Path.Combine(folder, "pod-patch.yaml")), StringComparison.Ordinal);
        var html = File.ReadAllText(Path.Combine(folder, "report.html"));
        Assert.True(html.IndexOf("Run it with gvisor", StringComparison.Ordinal) < html.IndexOf("<h2>Runs", StringComparison.Ordinal), "verdict comes first");
    }

    [Fact]
    public async Task Assess_IncompatibleSample_RecommendsKataNamingUserfaultfd()
    {
        using var dir = new TempDir();
        var folder = Path.Combine(dir.Path, "report");

        var (exit, output, error) = await CliRunner.RunAsync("assess", "--sample", "incompatible", "--out", folder, "--format", "json");

        Assert.True(exit == 1, error + output);
        using var json = JsonDocument.Parse(output);
        var recommendation = json.RootElement.GetProperty("recommendation");
        Assert.Equal("kata", recommendation.GetProperty("runtime").GetString());
        var reasons = recommendation.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList();
        Assert.Contains(reasons, r => r.Contains("userfaultfd", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("Kata cannot run on this host", StringComparison.Ordinal));
        var unsupported = json.RootElement.GetProperty("compatibility").GetProperty("unsupported").EnumerateArray().ToList();
        Assert.Contains(unsupported, u => u.GetProperty("name").GetString() == "userfaultfd" && u.GetProperty("impact").GetString() == "fatal");
        Assert.Contains(unsupported, u => u.GetProperty("name").GetString() == "rseq" && u.GetProperty("impact").GetString() != "fatal");
    }

    [Fact]
    public async Task Assess_OutFolderWithForeignFiles_RefusedWithoutForce()
    {
        using var dir = new TempDir();
        dir.Write("mine/notes.txt", "keep");

        var (exit, _, error) = await CliRunner.RunAsync("assess", "--out", Path.Combine(dir.Path, "mine"));

        Assert.Equal(2, exit);
        Assert.Contains("notes.txt", error, StringComparison.Ordinal);
        Assert.Equal("keep", File.ReadAllText(Path.Combine(dir.Path, "mine", "notes.txt")));
    }
}

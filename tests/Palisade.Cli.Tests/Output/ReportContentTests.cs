using Palisade.Cli.Output;
using Palisade.Core.Assessment;
using Palisade.Sandbox.Bench;

namespace Palisade.Cli.Tests.Output;

/// <summary>What the HTML reports say, and in which order, with the realistic content of <see cref="ReportPages"/>.</summary>
public sealed class ReportContentTests
{
    [Fact]
    public void BenchHtml_DocsFigures_HeadlineFirstAndOneNoisySummaryInsteadOfRedNotes()
    {
        var html = ReportPages.Bench();

        var headline = html.IndexOf("gVisor (runsc, ptrace) vs native: median ×10.08 over 12 benchmarks, worst ×66.50 (startup); memory +23.1 MiB.", StringComparison.Ordinal);
        Assert.True(headline > 0, html);
        Assert.True(headline < html.IndexOf("runc vs native: median ×0.99 over 12 benchmarks, worst ×16.85 (startup)", StringComparison.Ordinal));
        Assert.True(headline < html.IndexOf("<table>", StringComparison.Ordinal));
        Assert.Contains("16 of 39 figures are noisy (spread over 25 % of the median;", html, StringComparison.Ordinal);
        Assert.Contains("open-close native, open-close runc, open-close runsc (ptrace), file-read runsc (ptrace),", html, StringComparison.Ordinal);
        Assert.DoesNotContain("too wide to trust", html, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"warn\"", html, StringComparison.Ordinal);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains("viewBox=\"0 0 480 ", html, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchHtml_FailedFigure_CountedInTheHeadlineAndExplainedUnderItsChart()
    {
        var html = ReportPages.Bench(withFailure: true);

        Assert.Contains("<p class=\"warn\">1 of 39 figures failed; the charts below say why.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"warn\">runsc (ptrace): runsc exited 128: creating container:", html, StringComparison.Ordinal);
        Assert.Contains("median ×11.11 over 11 benchmarks", html, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchHeadline_ThroughputAndMemory_SlowdownIsNativeOverRuntimeAndMemoryIsApart()
    {
        BenchmarkResult[] results =
        [
            new("file-read", "MiB/s", [new("native", null, 100, 100, 100, 1), new("runsc", "ptrace", 25, 25, 25, 0.25)]),
            new("getpid", "ns/op", [new("native", null, 1, 1, 1, 1), new("runsc", "ptrace", 50, 50, 50, 50)]),
            new("memory", "MiB", [new("native", null, 2, 2, 2, 1), new("runsc", "ptrace", 26, 26, 26, 13)]),
        ];

        var headline = Assert.Single(BenchHeadline.Of(results));

        Assert.Equal(new BenchHeadline("runsc", "ptrace", 2, 27, 50, "getpid", 24), headline);
        Assert.Equal("gVisor (runsc, ptrace)", headline.Name);
    }

    [Fact]
    public void AssessHtml_KataNotRunnableHere_NoticeBeforeTheVerdictAndWhyNoOverhead()
    {
        var html = ReportPages.AssessKata();

        var notice = html.IndexOf("<strong>Kata cannot run here</strong>", StringComparison.Ordinal);
        Assert.True(notice > 0 && notice < html.IndexOf("Run it with kata", StringComparison.Ordinal), html);
        Assert.Single(AllIndexes(html, RuntimeRecommender.KataNotRunnableHere[..40]));
        Assert.Contains("<h2>Overhead</h2><p>Not measured: the workload did not succeed under both runc and runsc", html, StringComparison.Ordinal);
        Assert.Contains("Kata, the recommendation, cannot be measured here (this host has no KVM or no Kata runtime)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AssessHtml_Gvisor_ExplainsWhyRunsAndOverheadTimesDifferAndShowsTheSeccompPatchUnderApplyIt()
    {
        var html = ReportPages.AssessGvisor();

        Assert.DoesNotContain("Kata cannot run here", html, StringComparison.Ordinal);
        Assert.Contains("Capture slows each runtime by a different amount, so these wall times show what happened, not what the sandbox costs", html, StringComparison.Ordinal);
        var overhead = html.IndexOf("<h2>Overhead</h2>", StringComparison.Ordinal);
        Assert.True(overhead < html.IndexOf("Why these differ from the wall times under Runs: these runs had no syscall capture", StringComparison.Ordinal));
        var apply = html.IndexOf("<h2>Apply it</h2>", StringComparison.Ordinal);
        Assert.True(apply > 0 && apply < html.IndexOf("type: Localhost", StringComparison.Ordinal));
        Assert.Contains("localhostProfile: palisade/workload.json", html[apply..], StringComparison.Ordinal);
        Assert.Contains("runtimeClassName: gvisor", html[apply..], StringComparison.Ordinal);
    }

    private static List<int> AllIndexes(string text, string value)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        return found;
    }
}

namespace Palisade.Cli.Tests.Output;

/// <summary>
/// The HTML reports (bench, assess, gate) laid out by headless Chromium at a laptop's and a phone's width: the page
/// never scrolls sideways, every chart label stays inside the viewport and readable, and every table fits or scrolls
/// inside a box of its own.
/// </summary>
public sealed class ReportLayoutTests : IDisposable
{
    private static readonly int[] Widths = [1280, 420];

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    public static TheoryData<string> Pages => ["bench", "bench-failed", "assess-gvisor", "assess-kata", "gate"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Html_At1280And420Px_NoSidewaysScrollAndChartLabelsInside(string page)
    {
        var file = dir.Write(page + ".html", await RenderAsync(page));

        var layouts = await HeadlessChromium.MeasureAsync(file, Widths);

        var report = string.Concat(layouts.Select(HeadlessChromium.Describe));
        Assert.True(layouts.Select(l => l.Frame).SequenceEqual(Widths), report);
        foreach (var l in layouts)
        {
            // The page really was laid out at this width (headless Chromium has a 500 px minimum window).
            Assert.True(l.InnerWidth == l.Frame, report);
            Assert.True(l.ScrollWidth <= l.ClientWidth, "the page scrolls sideways " + report);
            Assert.True(l.TextsOutside.Length == 0 && l.TextsTooSmall.Length == 0 && l.TablesOutside.Length == 0, report);
            Assert.True(l.Tables > 0, report);
            Assert.True(!page.StartsWith("bench", StringComparison.Ordinal) || l.ChartTexts > 0, "no chart measured " + report);
        }
    }

    private async Task<string> RenderAsync(string page)
    {
        switch (page)
        {
            case "bench":
                return ReportPages.Bench();
            case "bench-failed":
                return ReportPages.Bench(withFailure: true);
            case "assess-gvisor":
                return ReportPages.AssessGvisor();
            case "assess-kata":
                return ReportPages.AssessKata();
            default:
                // The gate over the example manifests, as a user runs it: long findings and file paths.
                var folder = Path.Combine(dir.Path, "gate-out");
                Directory.CreateDirectory(folder);
                var (exit, output, error) = await CliRunner.RunAsync(
                    "gate", "--manifests", Path.Combine(CliRunner.RepoRoot, "examples", "manifests"),
                    "--policy", Path.Combine(CliRunner.RepoRoot, "examples", "runtime-policy.yaml"), "--out", folder);
                Assert.True(exit == 1, error + output);
                return await File.ReadAllTextAsync(Path.Combine(folder, "gate.html"));
        }
    }
}

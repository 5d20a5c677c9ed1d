using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Palisade.Cli.Tests.Output;

/// <summary>What a page's layout looked like at one viewport width, measured by the page itself after load.</summary>
/// <param name="Frame">The width the page was asked to be shown at.</param>
/// <param name="InnerWidth">window.innerWidth as the page saw it (must equal <paramref name="Frame"/>).</param>
/// <param name="ClientWidth">The viewport without a scrollbar.</param>
/// <param name="ScrollWidth">The page's full width: over <paramref name="ClientWidth"/> means the page scrolls sideways.</param>
/// <param name="ChartTexts">How many <c>svg text</c> labels were measured.</param>
/// <param name="TextsOutside">Chart labels with a box outside [0, viewport].</param>
/// <param name="TextsTooSmall">Chart labels drawn under 8 px tall (scaled down past reading).</param>
/// <param name="Tables">How many tables were measured.</param>
/// <param name="TablesOutside">Tables whose own box (or the box that scrolls them) leaves the viewport.</param>
internal sealed record PageLayout(
    int Frame, int InnerWidth, int ClientWidth, int ScrollWidth, int ChartTexts, string[] TextsOutside, string[] TextsTooSmall, int Tables, string[] TablesOutside);

/// <summary>
/// Lays a page out in Debian's headless Chromium (installed by test.sh) at given widths and reads back what the page
/// measured. Headless Chromium will not make a window narrower than 500 px, so each width is an iframe of exactly that
/// width in a wide window; the page reports its own innerWidth, and the caller asserts it.
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs inside the page (a copy of it) after load and posts the measurements to the harness.</summary>
    private const string Probe = """
        <script>
        addEventListener('load', () => {
          const de = document.documentElement, vw = de.clientWidth;
          const box = e => { const b = e.getBoundingClientRect(); return `[${Math.round(b.left)}, ${Math.round(b.right)}]`; };
          const outside = e => { const b = e.getBoundingClientRect(); return b.left < -0.5 || b.right > vw + 0.5; };
          const texts = [...document.querySelectorAll('svg text')];
          const tables = [...document.querySelectorAll('table')];
          // A table may be wider than the page when a box of its own scrolls it: then that box must fit.
          const scroller = t => { for (let e = t.parentElement; e && e !== document.body; e = e.parentElement) { if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return e; } return t; };
          parent.postMessage(JSON.stringify({
            frame: Number(location.hash.slice(1)), innerWidth, clientWidth: vw, scrollWidth: de.scrollWidth,
            chartTexts: texts.length, textsOutside: texts.filter(outside).map(t => `${t.textContent} ${box(t)}`),
            textsTooSmall: texts.filter(t => t.getBoundingClientRect().height < 8).map(t => `${t.textContent} ${Math.round(t.getBoundingClientRect().height)} px`),
            tables: tables.length, tablesOutside: tables.filter(t => outside(scroller(t))).map(t => `${(t.rows[0]?.textContent ?? '').slice(0, 60)} ${box(scroller(t))}`),
          }), '*');
        });
        </script>
        """;

    /// <summary>Lays out <paramref name="page"/> (a file in a folder the caller owns) at each of <paramref name="widths"/>.</summary>
    public static async Task<IReadOnlyList<PageLayout>> MeasureAsync(string page, params int[] widths)
    {
        var folder = Path.GetDirectoryName(page)!;
        var name = Path.GetFileNameWithoutExtension(page);
        var probed = Path.Combine(folder, name + ".probed.html");
        var html = await File.ReadAllTextAsync(page);
        var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
        await File.WriteAllTextAsync(probed, end < 0 ? html + Probe : html.Insert(end, Probe));

        var frames = string.Concat(widths.Select(w => string.Create(CultureInfo.InvariantCulture,
            $"<iframe src=\"{Path.GetFileName(probed)}#{w}\" style=\"display:block;border:0;width:{w}px;height:900px\"></iframe>\n")));
        var harness = Path.Combine(folder, name + ".harness.html");
        await File.WriteAllTextAsync(harness, $$"""
            <!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
            {{frames}}<pre id="result"></pre>
            <script>
            const results = [];
            addEventListener('message', e => { results.push(JSON.parse(e.data)); document.getElementById('result').textContent = JSON.stringify(results); });
            </script></body></html>
            """);

        var dom = await RunAsync(harness, folder, widths.Max() + 100);
        var start = dom.IndexOf("<pre id=\"result\">", StringComparison.Ordinal);
        var stop = start < 0 ? -1 : dom.IndexOf("</pre>", start, StringComparison.Ordinal);
        Assert.True(stop > start, "chromium printed no measurements:\n" + dom);
        var text = WebUtility.HtmlDecode(dom[(start + "<pre id=\"result\">".Length)..stop]);
        var layouts = JsonSerializer.Deserialize<PageLayout[]>(text, Json)!;
        return [.. layouts.OrderBy(l => Array.IndexOf(widths, l.Frame))];
    }

    private static async Task<string> RunAsync(string harness, string folder, int windowWidth)
    {
        // Never skipped: test.sh installs Debian's chromium with the other packages the tests need.
        Assert.True(File.Exists(Executable), $"{Executable} is missing: run ./test.sh (as root it installs it) or apt-get install -y chromium");
        var start = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[]
        {
            "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-extensions",
            "--disable-sync", "--disable-component-update", "--user-data-dir=" + Path.Combine(folder, "chromium-profile"),
            string.Create(CultureInfo.InvariantCulture, $"--window-size={windowWidth},1000"), "--virtual-time-budget=5000", "--dump-dom",
            new Uri(harness).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"chromium did not finish within {Timeout.TotalSeconds} s: {await stderr}");
        }

        var dom = await stdout;
        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await stderr}");
        return dom;
    }

    /// <summary>One line per problem, for assertion messages.</summary>
    public static string Describe(PageLayout l)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"at {l.Frame} px: innerWidth {l.InnerWidth}, clientWidth {l.ClientWidth}, scrollWidth {l.ScrollWidth}; {l.ChartTexts} chart labels, {l.Tables} tables\n");
        foreach (var t in l.TextsOutside)
        {
            text.Append("  label outside the viewport: ").Append(t).Append('\n');
        }

        foreach (var t in l.TextsTooSmall)
        {
            text.Append("  label too small: ").Append(t).Append('\n');
        }

        foreach (var t in l.TablesOutside)
        {
            text.Append("  table outside the viewport: ").Append(t).Append('\n');
        }

        return text.ToString();
    }
}

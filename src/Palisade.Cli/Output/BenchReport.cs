using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Palisade.Sandbox.Bench;
using Palisade.Core.Reports;

namespace Palisade.Cli.Output;

/// <summary>The <c>bench</c> report: a terminal table, JSON for machines, and an HTML page with one inline-SVG bar chart per benchmark.</summary>
internal static class BenchReport
{
    public static readonly string[] Files = ["bench.json", "bench.html", "bench.txt"];

    /// <summary>How the figures were taken, for the report header.</summary>
    internal sealed record Method(int Repetitions, bool Quick, DateTimeOffset When);

    public static string Text(BenchHost host, Method method, IReadOnlyList<BenchmarkResult> results)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Host: {host.Cpu}, {host.Cores} cores, {host.MemoryMiB / 1024.0:F0} GiB, kernel {host.Kernel}\n");
        text.Append(CultureInfo.InvariantCulture, $"Runtimes: {host.Runc ?? "runc missing"}; {host.Runsc ?? "runsc missing"}\n");
        text.Append(CultureInfo.InvariantCulture, $"Method: {method.Repetitions} repetitions after a warm-up, interleaved across runtimes; median [min-max]; {(method.Quick ? "quick sizes" : "full sizes")}\n\n");
        List<string> columns = results.Count == 0 ? [] : [.. results[0].Results.Select(Column)];
        List<string[]> rows = [["benchmark", "unit", .. columns]];
        foreach (var result in results)
        {
            rows.Add([result.Name, result.Unit, .. result.Results.Select(s => Cell(result, s))]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            text.Append(string.Join("  ", row.Select((cell, i) => i < 2 ? cell.PadRight(widths[i]) : cell.PadLeft(widths[i]))).TrimEnd()).Append('\n');
        }

        text.Append("\n×N: N times slower than native (for MiB/s: native ÷ runtime). memory: MiB of a 1 MiB program's run (summed PSS; runsc: sentry, gofer, stubs), + over native.\n");
        foreach (var missing in host.Runtimes.Where(r => !r.Available))
        {
            text.Append(CultureInfo.InvariantCulture, $"Not measured: {missing.Runtime}{(missing.Platform is null ? "" : $" ({missing.Platform})")}: {missing.Reason}\n");
        }

        foreach (var (result, stat) in results.SelectMany(r => r.Results.Where(s => s.Error is not null).Select(s => (r, s))))
        {
            text.Append(CultureInfo.InvariantCulture, $"Failed: {result.Name} under {Column(stat)}: {stat.Error}\n");
        }

        var noisy = results.SelectMany(r => r.Results.Where(s => s.Error is null && s.TooNoisy).Select(s => string.Create(CultureInfo.InvariantCulture, $"{r.Name} {Column(s)} {s.Spread:P0}"))).ToList();
        if (noisy.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Too noisy to trust (max-min over {RuntimeStat.MaxTrustedSpread:P0} of the median; rerun with --repeat 10 on a quiet machine): {string.Join("; ", noisy)}\n");
        }

        return text.ToString();
    }

    public static void Json(Stream stream, BenchHost host, Method method, IReadOnlyList<BenchmarkResult> results)
    {
        using var w = ReportJson.CreateWriter(stream);
        w.WriteStartObject();
        w.WriteStartObject("host");
        w.WriteString("hostname", host.Hostname);
        w.WriteString("kernel", host.Kernel);
        w.WriteString("cpu", host.Cpu);
        w.WriteNumber("cores", host.Cores);
        w.WriteNumber("memoryMiB", host.MemoryMiB);
        w.WriteString("runc", host.Runc);
        w.WriteString("runsc", host.Runsc);
        w.WriteStartArray("runtimes");
        foreach (var r in host.Runtimes)
        {
            w.WriteStartObject();
            w.WriteString("runtime", r.Runtime);
            w.WriteString("platform", r.Platform);
            w.WriteBoolean("available", r.Available);
            w.WriteString("reason", r.Reason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartObject("method");
        w.WriteNumber("repetitions", method.Repetitions);
        w.WriteBoolean("quick", method.Quick);
        w.WriteBoolean("warmUp", true);
        w.WriteBoolean("interleaved", true);
        w.WriteNumber("noisySpread", RuntimeStat.MaxTrustedSpread);
        w.WriteString("measuredAt", method.When.ToString("O", CultureInfo.InvariantCulture));
        w.WriteEndObject();
        w.WriteStartArray("benchmarks");
        foreach (var result in results)
        {
            w.WriteStartObject();
            w.WriteString("name", result.Name);
            w.WriteString("unit", result.Unit);
            w.WriteBoolean("higherIsBetter", result.HigherIsBetter);
            w.WriteStartArray("results");
            foreach (var s in result.Results)
            {
                w.WriteStartObject();
                w.WriteString("runtime", s.Runtime);
                w.WriteString("platform", s.Platform);
                Number(w, "median", s.Median);
                Number(w, "min", s.Min);
                Number(w, "max", s.Max);
                Number(w, "ratioToNative", s.RatioToNative);
                Number(w, "spread", s.Spread);
                w.WriteBoolean("noisy", s.TooNoisy);
                if (s.Error is not null)
                {
                    w.WriteString("error", s.Error);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string Html(BenchHost host, Method method, IReadOnlyList<BenchmarkResult> results)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Palisade bench: {{E(host.Hostname)}}</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; overflow-wrap: break-word; }
            h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .3rem; } .muted { color: #777; } .warn { color: #b3261e; }
            .headline { background: #f4f6fa; border: 1px solid #c9d3e3; border-radius: 8px; padding: .6rem 1rem; } .headline p { margin: .3rem 0; }
            svg.chart { display: block; width: 100%; max-width: 36rem; height: auto; } svg text { font: 13px system-ui, sans-serif; }
            .scroll { overflow-x: auto; } table { border-collapse: collapse; } td, th { padding: .2rem .6rem; text-align: left; border-bottom: 1px solid #ddd; vertical-align: top; }
            </style></head><body>
            <h1>Sandbox overhead on {{E(host.Hostname)}}</h1>
            <div class="headline">

            """);
        foreach (var h in BenchHeadline.Of(results))
        {
            var memory = h.ExtraMemoryMiB is { } m ? string.Create(CultureInfo.InvariantCulture, $"; memory +{m:F1} MiB") : "";
            html.Append(CultureInfo.InvariantCulture, $"<p><strong>{E(h.Name)} vs native: median ×{h.Median:F2} over {h.Benchmarks} benchmarks, worst ×{h.Worst:F2} ({E(h.WorstBenchmark)}){memory}.</strong></p>\n");
        }

        var noisy = BenchHeadline.Noisy(results);
        var figures = results.Sum(r => r.Results.Count);
        html.Append("<p class=\"muted\">×N: N times slower than native (for MiB/s: native ÷ runtime). ");
        if (noisy.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"No figure is noisy: every spread (max - min) is within {RuntimeStat.MaxTrustedSpread:P0} of its median.</p>\n");
        }
        else
        {
            html.Append(CultureInfo.InvariantCulture, $"{noisy.Count} of {figures} figures are noisy (spread over {RuntimeStat.MaxTrustedSpread:P0} of the median; rerun with --repeat 10 on a quiet machine to trust them): {E(string.Join(", ", noisy))}.</p>\n");
        }

        var failed = results.Sum(r => r.Results.Count(s => s.Error is not null));
        if (failed > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">{failed} of {figures} figures failed; the charts below say why.</p>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $$"""
            </div>
            <p>{{E(host.Cpu)}}, {{host.Cores}} cores, kernel {{E(host.Kernel)}}; {{E(host.Runc ?? "runc missing")}}; {{E(host.Runsc ?? "runsc missing")}}.<br>
            {{method.Repetitions}} repetitions after a warm-up, interleaved across runtimes; bars show the median, whiskers min and max; {{(method.Quick ? "quick sizes" : "full sizes")}}; measured {{E(method.When.ToString("u", CultureInfo.InvariantCulture))}}.</p>
            <div class="scroll"><table><tr><th>Runtime</th><th>Measured here</th><th>Why</th></tr>

            """);
        foreach (var r in host.Runtimes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Runtime)}{(r.Platform is null ? "" : $" ({E(r.Platform)})")}</td><td>{(r.Available ? "yes" : "no")}</td><td>{E(r.Reason)}</td></tr>\n");
        }

        html.Append("</table></div>\n");
        foreach (var result in results)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(result.Name)} <span class=\"muted\">({E(result.Unit)}, {(result.HigherIsBetter ? "higher is better" : "lower is better")})</span></h2>\n");
            html.Append(Chart(result));
            var errors = result.Results.Where(s => s.Error is not null).Select(s => $"{Column(s)}: {s.Error}").ToList();
            if (errors.Count > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">{E(string.Join("; ", errors))}</p>\n");
            }
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>
    /// A bar per runtime, scaled to the largest max, with a min-max whisker: the runtime's name and its value and ratio
    /// on a line above the bar, so the chart stays narrow enough to scale down to a phone's width (viewBox, width 100%).
    /// </summary>
    private static string Chart(BenchmarkResult result)
    {
        const int width = 480, rowHeight = 42;
        var measured = result.Results.Where(s => !double.IsNaN(s.Median)).ToList();
        var scale = measured.Count == 0 ? 1 : measured.Max(s => s.Max);
        var svg = new StringBuilder();
        var height = (result.Results.Count * rowHeight) + 4;
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(result.Name)}\">\n");
        for (var i = 0; i < result.Results.Count; i++)
        {
            var s = result.Results[i];
            var y = i * rowHeight;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 15}\">{WebUtility.HtmlEncode(Column(s))}</text>\n");
            if (double.IsNaN(s.Median))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width}\" y=\"{y + 15}\" text-anchor=\"end\" fill=\"#b3261e\">failed</text>\n");
                continue;
            }

            var colour = s.Runtime switch { "native" => "#8c8c8c", "runc" => "#4c78a8", _ => "#e45756" };
            var bar = Math.Max(1, s.Median / scale * width);
            var min = s.Min / scale * width;
            var max = s.Max / scale * width;
            var noisy = s.TooNoisy ? " <tspan fill=\"#777\">(noisy)</tspan>" : "";
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{width}\" y=\"{y + 15}\" text-anchor=\"end\">{WebUtility.HtmlEncode($"{Value(s.Median)} {Ratio(result, s)}".TrimEnd())}{noisy}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"{y + 21}\" width=\"{bar:F1}\" height=\"14\" fill=\"{colour}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{min:F1}\" x2=\"{max:F1}\" y1=\"{y + 28}\" y2=\"{y + 28}\" stroke=\"#222\"/>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    public static string Column(RuntimeStat s) => s.Platform is null ? s.Runtime : $"{s.Runtime} ({s.Platform})";

    private static string Cell(BenchmarkResult result, RuntimeStat s) =>
        double.IsNaN(s.Median) ? "failed" : s.Runtime == "native" ? Value(s.Median) : $"{Value(s.Median)} {Ratio(result, s)}";

    private static string Ratio(BenchmarkResult result, RuntimeStat s)
    {
        if (s.Runtime == "native" || double.IsNaN(s.RatioToNative))
        {
            return "";
        }

        if (result.Name == "memory")
        {
            var native = s.Median / s.RatioToNative;
            return string.Create(CultureInfo.InvariantCulture, $"+{s.Median - native:F1}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"×{result.SlowdownOf(s):F2}");
    }

    private static string Value(double v) => v switch
    {
        >= 100 => v.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("F1", CultureInfo.InvariantCulture),
        _ => v.ToString("F2", CultureInfo.InvariantCulture),
    };

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, Math.Round(value, 3));
        }
        else
        {
            w.WriteNull(name);
        }
    }
}

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
            <html lang="en"><head><meta charset="utf-8"><title>Palisade bench: {{E(host.Hostname)}}</title>
            <style>
            body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222; padding: 0 1rem; }
            h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .3rem; } .muted { color: #777; } .warn { color: #b3261e; }
            svg text { font: 12px system-ui, sans-serif; } table { border-collapse: collapse; } td, th { padding: .2rem .6rem; text-align: left; border-bottom: 1px solid #ddd; }
            </style></head><body>
            <h1>Sandbox overhead on {{E(host.Hostname)}}</h1>
            <p>{{E(host.Cpu)}}, {{host.Cores}} cores, kernel {{E(host.Kernel)}}; {{E(host.Runc ?? "runc missing")}}; {{E(host.Runsc ?? "runsc missing")}}.<br>
            {{method.Repetitions}} repetitions after a warm-up, interleaved across runtimes; bars show the median, whiskers min and max; {{(method.Quick ? "quick sizes" : "full sizes")}}; measured {{E(method.When.ToString("u", CultureInfo.InvariantCulture))}}.</p>
            <table><tr><th>Runtime</th><th>Measured here</th><th>Why</th></tr>
            """);
        foreach (var r in host.Runtimes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(r.Runtime)}{(r.Platform is null ? "" : $" ({E(r.Platform)})")}</td><td>{(r.Available ? "yes" : "no")}</td><td>{E(r.Reason)}</td></tr>\n");
        }

        html.Append("</table>\n");
        foreach (var result in results)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(result.Name)} <span class=\"muted\">({E(result.Unit)}, {(result.HigherIsBetter ? "higher is better" : "lower is better")})</span></h2>\n");
            html.Append(Chart(result));
            var warnings = result.Results.Where(s => s.Error is not null || s.TooNoisy)
                .Select(s => $"{Column(s)}: {s.Error ?? $"spread {s.Spread.ToString("P0", CultureInfo.InvariantCulture)}, too wide to trust"}").ToList();
            if (warnings.Count > 0)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p class=\"warn\">{E(string.Join("; ", warnings))}</p>\n");
            }
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>A horizontal bar per runtime, scaled to the largest max, with a min-max whisker and the value and ratio.</summary>
    private static string Chart(BenchmarkResult result)
    {
        const int labelWidth = 130, barWidth = 560, rowHeight = 26;
        var measured = result.Results.Where(s => !double.IsNaN(s.Median)).ToList();
        var scale = measured.Count == 0 ? 1 : measured.Max(s => s.Max);
        var svg = new StringBuilder();
        var height = (result.Results.Count * rowHeight) + 6;
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + barWidth + 170}\" height=\"{height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(result.Name)}\">\n");
        for (var i = 0; i < result.Results.Count; i++)
        {
            var s = result.Results[i];
            var y = (i * rowHeight) + 4;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{y + 15}\">{WebUtility.HtmlEncode(Column(s))}</text>\n");
            if (double.IsNaN(s.Median))
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth}\" y=\"{y + 15}\" fill=\"#b3261e\">failed</text>\n");
                continue;
            }

            var colour = s.Runtime switch { "native" => "#8c8c8c", "runc" => "#4c78a8", _ => "#e45756" };
            var width = Math.Max(1, s.Median / scale * barWidth);
            var min = labelWidth + (s.Min / scale * barWidth);
            var max = labelWidth + (s.Max / scale * barWidth);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{labelWidth}\" y=\"{y + 3}\" width=\"{width:F1}\" height=\"16\" fill=\"{colour}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{min:F1}\" x2=\"{max:F1}\" y1=\"{y + 11}\" y2=\"{y + 11}\" stroke=\"#222\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + barWidth + 8}\" y=\"{y + 15}\">{WebUtility.HtmlEncode(Value(s.Median))} {WebUtility.HtmlEncode(Ratio(result, s))}</text>\n");
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Column(RuntimeStat s) => s.Platform is null ? s.Runtime : $"{s.Runtime} ({s.Platform})";

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

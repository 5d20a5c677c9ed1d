using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Palisade.Sandbox.Profiling;

namespace Palisade.Sandbox.Assessing;

/// <summary>How <c>assess</c> shows the measured runsc/runc wall-time ratio next to the model's prediction.</summary>
public static class OverheadReport
{
    public static string Text(OverheadEstimate e)
    {
        var p = e.Prediction;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Overhead: runsc ({p.Platform}) takes ×{e.MeasuredRatio:F2} the wall time of runc (runc {e.RuncMs:F0} ms, runsc {e.RunscMs:F0} ms, median of {e.Repetitions}, no capture).\n");
        text.Append(CultureInfo.InvariantCulture, $"  Predicted from this host's bench costs: ×{p.PredictedRatio:F2} = (runc {p.RuncMs:F0} ms + start-up {p.StartupExtraMs:F0} ms + syscalls {p.SyscallExtraMs:F0} ms) / runc; model off by ×{e.PredictionError:F2}.\n");
        foreach (var t in p.Terms.Where(t => t.ExtraMs >= 0.5).Take(5))
        {
            text.Append(CultureInfo.InvariantCulture, $"    {t.Class,-8} {t.Calls,8:N0} calls × {t.ExtraNsPerCall / 1000:F1} µs = {t.ExtraMs:F0} ms\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  Cost table: {e.CostTableFile} ({(e.CostTableMeasured ? "measured now" : "reused")}; palisade bench shows the full figures).\n");
        return text.ToString();
    }

    public static void Json(Utf8JsonWriter w, OverheadEstimate e)
    {
        var p = e.Prediction;
        w.WriteStartObject("overhead");
        w.WriteString("platform", p.Platform);
        w.WriteNumber("repetitions", e.Repetitions);
        w.WriteNumber("runcMs", Math.Round(e.RuncMs, 1));
        w.WriteNumber("runscMs", Math.Round(e.RunscMs, 1));
        w.WriteNumber("measuredRatio", Math.Round(e.MeasuredRatio, 3));
        w.WriteNumber("predictedRatio", Math.Round(p.PredictedRatio, 3));
        w.WriteNumber("predictedRunscMs", Math.Round(p.PredictedRunscMs, 1));
        w.WriteNumber("startupExtraMs", Math.Round(p.StartupExtraMs, 1));
        w.WriteNumber("syscallExtraMs", Math.Round(p.SyscallExtraMs, 1));
        w.WriteNumber("predictionError", Math.Round(e.PredictionError, 3));
        w.WriteString("costTable", e.CostTableFile);
        w.WriteStartArray("terms");
        foreach (var t in p.Terms)
        {
            w.WriteStartObject();
            w.WriteString("class", t.Class);
            w.WriteNumber("calls", t.Calls);
            w.WriteNumber("extraNsPerCall", Math.Round(t.ExtraNsPerCall, 1));
            w.WriteNumber("extraMs", Math.Round(t.ExtraMs, 2));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static string Html(OverheadEstimate e)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var p = e.Prediction;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<h2>Overhead</h2><p>Measured: runsc ({E(p.Platform)}) takes <strong>×{e.MeasuredRatio:F2}</strong> the wall time of runc (runc {e.RuncMs:F0} ms, runsc {e.RunscMs:F0} ms, median of {e.Repetitions} runs without syscall capture). ");
        html.Append(CultureInfo.InvariantCulture, $"Predicted from this host's <code>palisade bench</code> costs and the recorded syscall counts: <strong>×{p.PredictedRatio:F2}</strong> (start-up +{p.StartupExtraMs:F0} ms, syscalls +{p.SyscallExtraMs:F0} ms); the model is off by ×{e.PredictionError:F2}.</p>\n");
        html.Append("<p>Why these differ from the wall times under Runs: these runs had no syscall capture, while there capture (<code>strace -f</code> under runc, <code>--strace</code> under runsc) slows each runtime by its own amount. The prediction takes only the syscall counts from those runs, and the per-call costs from this host's cost table.</p>\n");
        html.Append("<div class=\"scroll\"><table><tr><th>Syscall class</th><th>Calls</th><th>Extra per call</th><th>Extra time</th></tr>\n");
        foreach (var t in p.Terms)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(t.Class)}</td><td class=\"num\">{t.Calls:N0}</td><td class=\"num\">{t.ExtraNsPerCall / 1000:F1} µs</td><td class=\"num\">{t.ExtraMs:F1} ms</td></tr>\n");
        }

        html.Append("</table></div>\n");
        return html.ToString();
    }
}

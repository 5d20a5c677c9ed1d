using System.Net;
using System.Text;
using Palisade.Core.Gate;

namespace Palisade.Core.Reports;

/// <summary>
/// <c>gate --format html</c>: one self-contained page a reviewer reads: the verdict and reasons first, then a table per
/// category. It reads on a phone too: long paths wrap, and a table wider than the screen scrolls inside its own box.
/// </summary>
public static class GateHtmlWriter
{
    public static void Write(GateVerdict verdict, Stream output)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var sb = new StringBuilder();
        var s = verdict.Summary;
        sb.AppendLine("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>palisade gate</title><style>")
          .AppendLine("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:75em;padding:0 1em;overflow-wrap:break-word}.scroll{overflow-x:auto;margin-bottom:2em}table{border-collapse:collapse;width:100%}")
          .AppendLine("td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}.fail{color:#b00;font-weight:bold}.pass{color:#070;font-weight:bold}")
          .AppendLine(".warn,.suppressed,.baselined,.escalated{color:#666}code{font-size:90%}</style></head><body>");
        sb.Append("<h1>palisade gate: <span class=\"").Append(verdict.Passed ? "pass\">PASS" : "fail\">FAIL").AppendLine("</span></h1>");
        sb.Append("<p>").Append(s.Manifests).Append(" manifest object(s), ").Append(s.Reports).Append(" scan report(s), ").Append(s.Images)
          .Append(" image(s). Failed ").Append(s.Failed).Append(", warnings ").Append(s.Warnings).Append(", suppressed ").Append(s.Suppressed)
          .Append(", baselined ").Append(s.Baselined).Append(", escalated ").Append(s.Escalated).Append(", below threshold ").Append(s.BelowThreshold).AppendLine(".</p>");
        if (verdict.Reasons.Count > 0 || verdict.Problems.Count > 0)
        {
            sb.AppendLine("<h2>Why it fails</h2><ul>");
            foreach (var p in verdict.Problems)
            {
                sb.Append("<li>bad input: ").Append(E(p.ToString())).AppendLine("</li>");
            }

            foreach (var r in verdict.Reasons)
            {
                sb.Append("<li>").Append(E(r)).AppendLine("</li>");
            }

            sb.AppendLine("</ul>");
        }

        foreach (var category in Enum.GetValues<GateCategory>())
        {
            var findings = verdict.Findings.Where(f => f.Category == category).ToList();
            sb.Append("<h2>").Append(GateNames.Category(category)).Append(" (").Append(findings.Count).AppendLine(")</h2>");
            if (findings.Count == 0)
            {
                sb.AppendLine("<p>Nothing found.</p>");
                continue;
            }

            sb.AppendLine("<div class=\"scroll\"><table><tr><th>outcome</th><th>rule</th><th>severity</th><th>subject</th><th>finding</th><th>where</th></tr>");
            foreach (var f in findings)
            {
                var outcome = GateNames.Outcome(f.Outcome);
                sb.Append("<tr><td class=\"").Append(outcome).Append("\">").Append(outcome).Append("</td><td><code>").Append(E(f.RuleId)).Append("</code></td><td>")
                  .Append(GateTextWriter.SeverityWord(f.Severity)).Append("</td><td>").Append(E(f.Subject)).Append("</td><td>").Append(E(f.Message));
                if (f.Note is not null)
                {
                    sb.Append("<br><small>").Append(E(f.Note)).Append("</small>");
                }

                if (f.Runsc is not null)
                {
                    sb.Append("<br><small>under runsc: ").Append(E(f.Runsc)).Append("</small>");
                }

                foreach (var e in f.Evidence)
                {
                    sb.Append("<br><code>").Append(E(e)).Append("</code>");
                }

                sb.Append("</td><td><code>").Append(E(f.Source)).Append(f.Position.IsKnown ? $":{f.Position.Line}:{f.Position.Column}" : "").AppendLine("</code></td></tr>");
            }

            sb.AppendLine("</table></div>");
        }

        if (verdict.Notes.Count > 0)
        {
            sb.AppendLine("<h2>Notes</h2><ul>");
            foreach (var n in verdict.Notes)
            {
                sb.Append("<li>").Append(E(n)).AppendLine("</li>");
            }

            sb.AppendLine("</ul>");
        }

        sb.AppendLine("</body></html>");
        var bytes = new UTF8Encoding(false).GetBytes(sb.ToString());
        output.Write(bytes);
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}

using System.Globalization;
using System.Xml;
using Palisade.Core.Gate;

namespace Palisade.Core.Reports;

/// <summary><c>gate --format junit</c>: one test suite per category, one test case per finding (failing ones fail, accepted ones are skipped with the reason), and an error case per bad input.</summary>
public static class GateJUnitWriter
{
    public static void Write(GateVerdict verdict, Stream output)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        using var w = XmlWriter.Create(output, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "palisade gate");
        Counts(w, verdict.Findings.Count + verdict.Problems.Count, verdict.Summary.Failed, verdict.Problems.Count, verdict.Findings.Count - verdict.Summary.Failed);
        foreach (var category in Enum.GetValues<GateCategory>())
        {
            var findings = verdict.Findings.Where(f => f.Category == category).ToList();
            var problems = category == GateCategory.Manifests ? verdict.Problems : [];
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", XmlSafeText.Clean(GateNames.Category(category)));
            var failed = findings.Count(f => f.Outcome == GateOutcome.Fail);
            Counts(w, Math.Max(1, findings.Count + problems.Count), failed, problems.Count, findings.Count - failed);
            if (findings.Count == 0 && problems.Count == 0)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", XmlSafeText.Clean(GateNames.Category(category)));
                w.WriteAttributeString("name", "nothing found");
                w.WriteEndElement();
            }

            foreach (var f in findings)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", XmlSafeText.Clean($"{GateNames.Category(category)}.{f.RuleId}"));
                w.WriteAttributeString("name", XmlSafeText.Clean($"{f.Subject}: {f.Message}"));
                w.WriteAttributeString("file", XmlSafeText.Clean(f.Source));
                w.WriteAttributeString("line", XmlSafeText.Clean(f.Position.Line.ToString(CultureInfo.InvariantCulture)));
                if (f.Outcome == GateOutcome.Fail)
                {
                    w.WriteStartElement("failure");
                    w.WriteAttributeString("message", XmlSafeText.Clean(f.Message));
                    w.WriteAttributeString("type", XmlSafeText.Clean(f.RuleId));
                    w.WriteString(XmlSafeText.Clean(string.Join('\n', new[] { $"{f.Source}:{f.Position.Line}:{f.Position.Column}: {f.Message}" }.Concat(f.Evidence))));
                    w.WriteEndElement();
                }
                else
                {
                    w.WriteStartElement("skipped");
                    w.WriteAttributeString("message", XmlSafeText.Clean($"{GateNames.Outcome(f.Outcome)}: {f.Note ?? "does not fail the gate"}"));
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            foreach (var p in problems)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", "input");
                w.WriteAttributeString("name", XmlSafeText.Clean("read " + p.Source));
                w.WriteStartElement("error");
                w.WriteAttributeString("message", XmlSafeText.Clean(p.ToString()));
                w.WriteAttributeString("type", "InputError");
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Counts(XmlWriter w, int tests, int failures, int errors, int skipped)
    {
        w.WriteAttributeString("tests", XmlSafeText.Clean(tests.ToString(CultureInfo.InvariantCulture)));
        w.WriteAttributeString("failures", XmlSafeText.Clean(failures.ToString(CultureInfo.InvariantCulture)));
        w.WriteAttributeString("errors", XmlSafeText.Clean(errors.ToString(CultureInfo.InvariantCulture)));
        w.WriteAttributeString("skipped", XmlSafeText.Clean(skipped.ToString(CultureInfo.InvariantCulture)));
    }
}

using System.Globalization;
using System.Xml;
using Palisade.Core.Checking;

namespace Palisade.Core.Reports;

/// <summary>
/// <c>check --format junit</c>: one test suite per file, one test case per object (denied objects fail, skipped kinds
/// are marked skipped), and an error test case per input problem, as CI test-report viewers expect.
/// </summary>
public static class JUnitWriter
{
    public static void Write(CheckReport report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var w = XmlWriter.Create(output, settings);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "palisade check");
        Counts(w, report.Summary.Objects + report.Summary.Skipped + report.Errors.Count, report.Summary.Denied, report.Errors.Count, report.Summary.Skipped);

        var files = report.Results.Select(r => r.Source)
            .Concat(report.Skipped.Select(s => s.Source))
            .Concat(report.Errors.Select(e => e.Source))
            .Distinct(StringComparer.Ordinal);
        var resultsByFile = report.Results.ToLookup(r => r.Source, StringComparer.Ordinal);
        var skippedByFile = report.Skipped.ToLookup(s => s.Source, StringComparer.Ordinal);
        var errorsByFile = report.Errors.ToLookup(e => e.Source, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var results = resultsByFile[file].ToList();
            var skipped = skippedByFile[file].ToList();
            var errors = errorsByFile[file].ToList();
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", XmlSafeText.Clean(file));
            Counts(w, results.Count + skipped.Count + errors.Count, results.Count(r => !r.Allowed), errors.Count, skipped.Count);
            foreach (var r in results)
            {
                StartCase(w, file, r.DisplayName, r.Document, r.Position.Line);
                if (!r.Allowed)
                {
                    w.WriteStartElement("failure");
                    w.WriteAttributeString("message", XmlSafeText.Clean(r.Denial));
                    w.WriteAttributeString("type", "PodSecurity");
                    w.WriteString(XmlSafeText.Clean(string.Join('\n', r.Violations.Select(v => $"{file}:{v.Position.Line}:{v.Position.Column}: {v.Check}: {v.Reason} ({v.Message})"))));
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            foreach (var s in skipped)
            {
                StartCase(w, file, $"{s.Kind} {s.Name ?? "(unnamed)"}", s.Document, s.Position.Line);
                w.WriteStartElement("skipped");
                w.WriteAttributeString("message", XmlSafeText.Clean(s.Reason));
                w.WriteEndElement();
                w.WriteEndElement();
            }

            foreach (var e in errors)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("classname", XmlSafeText.Clean(file));
                w.WriteAttributeString("name", XmlSafeText.Clean("read " + file));
                w.WriteStartElement("error");
                w.WriteAttributeString("message", XmlSafeText.Clean(e.ToString()));
                w.WriteAttributeString("type", "InputError");
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void StartCase(XmlWriter w, string file, string name, int document, int line)
    {
        w.WriteStartElement("testcase");
        w.WriteAttributeString("classname", XmlSafeText.Clean(file));
        w.WriteAttributeString("name", XmlSafeText.Clean($"{name} (document {document.ToString(CultureInfo.InvariantCulture)})"));
        w.WriteAttributeString("file", XmlSafeText.Clean(file));
        w.WriteAttributeString("line", XmlSafeText.Clean(line.ToString(CultureInfo.InvariantCulture)));
    }

    private static void Counts(XmlWriter w, int tests, int failures, int errors, int skipped)
    {
        w.WriteAttributeString("tests", XmlSafeText.Clean(tests.ToString(CultureInfo.InvariantCulture)));
        w.WriteAttributeString("failures", XmlSafeText.Clean(failures.ToString(CultureInfo.InvariantCulture)));
        w.WriteAttributeString("errors", XmlSafeText.Clean(errors.ToString(CultureInfo.InvariantCulture)));
        w.WriteAttributeString("skipped", XmlSafeText.Clean(skipped.ToString(CultureInfo.InvariantCulture)));
    }
}

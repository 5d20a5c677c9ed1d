using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Palisade.Core.Reports;

namespace Palisade.Core.Policy.Testing;

/// <summary>Renders <c>policy test</c> results as text, JSON or JUnit XML (one test suite per test file, one test case per expectation).</summary>
public static class PolicyTestReportWriter
{
    public static string Text(IReadOnlyList<PolicyTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        foreach (var r in results)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(r.Passed ? "PASS" : "FAIL")}  {r.Source}:{r.Case.Line}:{r.Case.Column}  {r.Case.Resource}  tier={r.Decision.Tier} runtimeClass={r.Decision.AssignedRuntimeClass ?? "none"} {(r.Decision.Allowed ? "allowed" : "denied")}\n");
            foreach (var m in r.Mismatches)
            {
                text.Append(CultureInfo.InvariantCulture, $"      {m}\n");
            }
        }

        var failed = results.Count(r => !r.Passed);
        text.Append(CultureInfo.InvariantCulture, $"{results.Count} tests, {results.Count - failed} passed, {failed} failed\n");
        return text.ToString();
    }

    public static string Json(IReadOnlyList<PolicyTestResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var report = new JsonObject
        {
            ["tests"] = results.Count,
            ["failed"] = results.Count(r => !r.Passed),
            ["results"] = new JsonArray([.. results.Select(r => (JsonNode?)new JsonObject
            {
                ["file"] = r.Source,
                ["line"] = r.Case.Line,
                ["column"] = r.Case.Column,
                ["resource"] = r.Case.Resource,
                ["passed"] = r.Passed,
                ["tier"] = r.Decision.Tier,
                ["tierReason"] = r.Decision.TierReason,
                ["runtimeClass"] = r.Decision.AssignedRuntimeClass,
                ["allowed"] = r.Decision.Allowed,
                ["message"] = r.Decision.Message,
                ["mismatches"] = new JsonArray([.. r.Mismatches.Select(m => (JsonNode?)JsonValue.Create(m))]),
            })]),
        };
        return report.ToJsonString(ReportJson.SerializerOptions) + "\n";
    }

    public static void JUnit(IReadOnlyList<PolicyTestResult> results, Stream output)
    {
        ArgumentNullException.ThrowIfNull(results);
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) };
        using var w = XmlWriter.Create(output, settings);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", "palisade policy test");
        Counts(w, results);
        foreach (var file in results.GroupBy(r => r.Source, StringComparer.Ordinal))
        {
            var list = file.ToList();
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", XmlSafeText.Clean(list[0].Suite));
            Counts(w, list);
            foreach (var r in list)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("name", XmlSafeText.Clean(r.Case.Resource));
                w.WriteAttributeString("classname", XmlSafeText.Clean(list[0].Suite));
                w.WriteAttributeString("file", XmlSafeText.Clean(r.Source));
                w.WriteAttributeString("line", XmlSafeText.Clean(r.Case.Line.ToString(CultureInfo.InvariantCulture)));
                if (!r.Passed)
                {
                    w.WriteStartElement("failure");
                    w.WriteAttributeString("message", XmlSafeText.Clean(string.Join("; ", r.Mismatches)));
                    w.WriteAttributeString("type", "PolicyTest");
                    w.WriteString(XmlSafeText.Clean($"{r.Source}:{r.Case.Line}:{r.Case.Column}: {r.Case.Resource}: " + string.Join("\n", r.Mismatches)));
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static void Counts(XmlWriter w, IReadOnlyCollection<PolicyTestResult> results)
    {
        w.WriteAttributeString("tests", XmlSafeText.Clean(results.Count.ToString(CultureInfo.InvariantCulture)));
        w.WriteAttributeString("failures", XmlSafeText.Clean(results.Count(r => !r.Passed).ToString(CultureInfo.InvariantCulture)));
        w.WriteAttributeString("errors", "0");
    }
}

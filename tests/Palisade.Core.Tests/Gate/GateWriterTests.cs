using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Palisade.Core.Gate;
using Palisade.Core.Reports;
using static Palisade.Core.Tests.Gate.GateFixtures;

namespace Palisade.Core.Tests.Gate;

public sealed class GateWriterTests
{
    private static GateVerdict Failing() => GateEvaluator.Evaluate(Input(
        Deploy(Deployment("nginx:1.27")),
        [Report(Trivy("nginx:1.27", "sha256:22", Now.AddHours(-1), ("CVE-2", "CRITICAL", "fixed", "1.1")))],
        [Image("nginx:1.27", user: null)],
        canary: [new CanaryOutcome("nginx:1.27", "nginx-oci", "runsc", false, "exit 1 under runsc, 0 under runc", ["userfaultfd (Unimplemented)"])]));

    private static string Render(Action<Stream> write)
    {
        using var s = new MemoryStream();
        write(s);
        return Encoding.UTF8.GetString(s.ToArray());
    }

    [Fact]
    public void Sarif_OneRunPerCategoryWithDistinctAutomationIds()
    {
        using var doc = JsonDocument.Parse(Render(s => GateSarifWriter.Write(Failing(), "1.0.0", s)));

        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        var runs = doc.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(["palisade-gate/manifests/", "palisade-gate/vulnerabilities/", "palisade-gate/cis/", "palisade-gate/canary/"],
            runs.Select(r => r.GetProperty("automationDetails").GetProperty("id").GetString()));
        foreach (var run in runs)
        {
            var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
            Assert.Equal(rules.Count, rules.Distinct().Count());
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                Assert.Equal(result.GetProperty("ruleId").GetString(), rules[result.GetProperty("ruleIndex").GetInt32()]);
                Assert.StartsWith("sha256:", result.GetProperty("partialFingerprints").GetProperty("palisadeGate/v1").GetString(), StringComparison.Ordinal);
                Assert.True(result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            }

            Assert.All(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(),
                r => Assert.True(double.Parse(r.GetProperty("properties").GetProperty("security-severity").GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= 0));
        }

        var vuln = runs[1].GetProperty("results")[0];
        Assert.Equal($"sha256:{"CVE-2".GetHashCode(StringComparison.Ordinal):x8}", vuln.GetProperty("partialFingerprints").GetProperty("palisadeGate/v1").GetString());
    }

    [Fact]
    public void Sarif_FingerprintsAreStableAcrossRuns()
    {
        static IEnumerable<string> Fingerprints(string sarif) => JsonDocument.Parse(sarif).RootElement.GetProperty("runs").EnumerateArray()
            .SelectMany(r => r.GetProperty("results").EnumerateArray())
            .Select(r => r.GetProperty("partialFingerprints").GetProperty("palisadeGate/v1").GetString()!);

        Assert.Equal(Fingerprints(Render(s => GateSarifWriter.Write(Failing(), "1", s))), Fingerprints(Render(s => GateSarifWriter.Write(Failing(), "1", s))));
    }

    [Fact]
    public void Json_CarriesVerdictExitCodeAndEveryFinding()
    {
        var verdict = Failing();
        using var doc = JsonDocument.Parse(Render(s => GateJsonWriter.Write(verdict, s)));

        Assert.Equal("fail", doc.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("exitCode").GetInt32());
        Assert.Equal(verdict.Findings.Count, doc.RootElement.GetProperty("findings").GetArrayLength());
        var canary = doc.RootElement.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("category").GetString() == "canary");
        Assert.Equal("userfaultfd (Unimplemented)", canary.GetProperty("evidence")[0].GetString());
    }

    [Fact]
    public void JUnit_OneSuitePerCategoryFailuresCounted()
    {
        var verdict = Failing();
        var xml = XDocument.Parse(Render(s => GateJUnitWriter.Write(verdict, s)));

        var suites = xml.Root!.Elements("testsuite").ToList();
        Assert.Equal(["manifests", "vulnerabilities", "cis", "canary"], suites.Select(s => (string)s.Attribute("name")!));
        Assert.Equal(verdict.Summary.Failed, suites.Sum(s => s.Descendants("failure").Count()));
        Assert.Equal(verdict.Summary.Failed, (int)xml.Root.Attribute("failures")!);
    }

    [Fact]
    public void Html_EscapesAndShowsTheVerdict()
    {
        var html = Render(s => GateHtmlWriter.Write(Failing(), s));

        Assert.Contains("<span class=\"fail\">FAIL</span>", html, StringComparison.Ordinal);
        Assert.Contains("runs nginx:1.27 from the external registry docker.io", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"none, so runc\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_StartsWithTheVerdictAndListsFailures()
    {
        using var writer = new StringWriter();
        GateTextWriter.Write(Failing(), writer);

        var text = writer.ToString();
        Assert.StartsWith("gate: FAIL (", text, StringComparison.Ordinal);
        Assert.Contains("FAIL       CVE-2 nginx:1.27: CVE-2 (critical) in libfoo 1.0: fixed in 1.1", text, StringComparison.Ordinal);
        Assert.Contains("evidence: userfaultfd (Unimplemented)", text, StringComparison.Ordinal);
    }
}

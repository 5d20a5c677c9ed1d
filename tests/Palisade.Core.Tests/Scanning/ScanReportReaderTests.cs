using System.Text;
using Palisade.Core.Scanning;

namespace Palisade.Core.Tests.Scanning;

/// <summary>The readers on the seven real scanner outputs in testdata/scans (see its README) and on the field variants they lack.</summary>
public sealed class ScanReportReaderTests
{
    private static ScanReport ReadFixture(string name)
    {
        var result = ScanReportReader.ReadFile(Path.Join(AppContext.BaseDirectory, "testdata", "scans", name));
        Assert.Null(result.Problem);
        return result.Report!;
    }

    private static ScanReadResult ReadText(string json) => ScanReportReader.Read("r.json", Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("trivy-alpine-310.json", Scanner.Trivy, 4)]
    [InlineData("trivy-alpine-39-ignore-cveids.json", Scanner.Trivy, 2)]
    [InlineData("trivy-debian-buster.json", Scanner.Trivy, 2)]
    [InlineData("trivy-spring4shell-jre8.json", Scanner.Trivy, 1)]
    [InlineData("grype-TestJsonImgsPresenter.json", Scanner.Grype, 2)]
    [InlineData("grype-TestJsonDirsPresenter.json", Scanner.Grype, 2)]
    [InlineData("grype-TestEmptyJsonPresenter.json", Scanner.Grype, 0)]
    public void ReadFile_RealScannerOutput_DetectsScannerAndReadsEveryFinding(string file, Scanner scanner, int findings)
    {
        var report = ReadFixture(file);

        Assert.Equal(scanner, report.Scanner);
        Assert.Equal(findings, report.Findings.Count);
        Assert.All(report.Findings, f => Assert.StartsWith("sha256:", f.Fingerprint, StringComparison.Ordinal));
        Assert.Equal(report.Findings.Count, report.Findings.Select(f => f.Fingerprint).Distinct().Count());
    }

    [Fact]
    public void ReadFile_TrivyDebian_ReadsStatusFixedVersionsFingerprintAndImageId()
    {
        var report = ReadFixture("trivy-debian-buster.json");

        Assert.Equal("sha256:c2c03a296d2329a4f3ab72a7bf38b78a8a80108204d326b0139d6af700e152d1", report.Image.ImageId);
        Assert.Contains("ghcr.io/aquasecurity/trivy-test-images:debian-buster", report.Image.Names);
        Assert.Equal(new DateTimeOffset(2021, 8, 25, 12, 20, 30, TimeSpan.Zero), report.CreatedAt!.Value.AddTicks(-report.CreatedAt.Value.Ticks % TimeSpan.TicksPerSecond));
        var bash = report.Findings.Single(f => f.VulnerabilityId == "CVE-2019-18276");
        Assert.Equal((Severity.Low, FixState.NotFixed, "bash", "5.0-4", ""), (bash.Severity, bash.FixState, bash.Package, bash.InstalledVersion, bash.FixedVersions));
        Assert.Equal("sha256:cafe98610a3a511390be596c1d90dc529b57bb1159885872be88e33a85bb2a15", bash.Fingerprint);
        var critical = report.Findings.Single(f => f.VulnerabilityId == "CVE-2019-18224");
        Assert.Equal((Severity.Critical, FixState.Fixed, "2.0.5-1+deb10u1"), (critical.Severity, critical.FixState, critical.FixedVersions));
        Assert.Equal("debian", critical.PackageType);
    }

    [Fact]
    public void ReadFile_GrypeImage_ReadsManifestDigestNegligibleScaleAndEmptyFixState()
    {
        var report = ReadFixture("grype-TestJsonImgsPresenter.json");

        Assert.Equal(["sha256:ca738abb87a8d58f112d3400ebb079b61ceae7dc290beb34bda735be4b1941d5"], report.Image.Digests);
        Assert.Equal("sha256:ab5608d634db2716a297adbfa6a5dd5d8f8f5a7d0cab73649ea7fbb8c8da544f", report.Image.ImageId);
        Assert.Null(report.CreatedAt);
        var first = report.Findings[0];
        Assert.Equal(("CVE-1999-0001", Severity.Low, FixState.Fixed, "1.2.1, 2.1.3, 3.4.0", 8.2), (first.VulnerabilityId, first.Severity, first.FixState, first.FixedVersions, first.CvssScore));
        var second = report.Findings[1];
        Assert.Equal((Severity.Critical, FixState.Unknown, ""), (second.Severity, second.FixState, second.FixedVersions));
    }

    [Fact]
    public void ReadFile_GrypeEmptyReportWithStringTarget_HasNoImageIdentity()
    {
        var report = ReadFixture("grype-TestEmptyJsonPresenter.json");

        Assert.Same(ImageIdentity.None, report.Image);
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Read_OldTrivyWithoutStatusOrSeverity_TakesFixedVersionAndVendorSeverity()
    {
        var result = ReadText("""
            {"SchemaVersion": 2, "ArtifactName": "app:1", "Results": [
              {"Target": "app", "Type": "alpine", "Vulnerabilities": [
                {"VulnerabilityID": "CVE-1", "PkgName": "a", "InstalledVersion": "1", "FixedVersion": "2", "SeveritySource": "nvd", "VendorSeverity": {"nvd": 4, "redhat": 1}},
                {"VulnerabilityID": "CVE-2", "PkgName": "b", "InstalledVersion": "1", "VendorSeverity": {"ghsa": 2, "nvd": 3}}]},
              {"Target": "empty", "Vulnerabilities": null},
              {"Target": "none"}]}
            """);

        var findings = result.Report!.Findings;
        Assert.Equal((Severity.Critical, FixState.Fixed), (findings[0].Severity, findings[0].FixState));
        Assert.Equal((Severity.High, FixState.NotFixed), (findings[1].Severity, findings[1].FixState));
    }

    [Fact]
    public void Read_TrivyWithoutResults_HasNoFindings()
    {
        Assert.Empty(ReadText("""{"SchemaVersion": 2, "ArtifactName": "x"}""").Report!.Findings);
        Assert.Empty(ReadText("""{"SchemaVersion": 2, "Results": null}""").Report!.Findings);
    }

    [Fact]
    public void Read_GrypeIgnoredMatchesAndRelatedVulnerabilities_KeepsAliasesAndIgnoredApart()
    {
        var result = ReadText("""
            {"matches": [{"vulnerability": {"id": "GHSA-x", "severity": "Negligible", "fix": {"versions": [], "state": "wont-fix"}},
                          "relatedVulnerabilities": [{"id": "CVE-2024-1"}, {"id": "GHSA-x"}],
                          "artifact": {"name": "p", "version": "1", "type": "npm"}}],
             "ignoredMatches": [{"vulnerability": {"id": "CVE-9", "severity": "High", "fix": {"state": "not-fixed"}}, "artifact": {"name": "q", "version": "2"}}],
             "source": {"type": "image", "target": {"userInput": "registry.internal/app:1", "repoDigests": ["registry.internal/app@sha256:aa"]}},
             "descriptor": {"name": "grype", "version": "0.80.0", "timestamp": "2026-12-01T10:00:00Z"}}
            """);

        var report = result.Report!;
        var f = Assert.Single(report.Findings);
        Assert.Equal((Severity.Low, FixState.WontFix), (f.Severity, f.FixState));
        Assert.Equal(["CVE-2024-1"], f.Aliases);
        Assert.True(f.HasId("cve-2024-1"));
        Assert.Equal("CVE-9", Assert.Single(report.IgnoredByScanner).VulnerabilityId);
        Assert.Equal(["registry.internal/app@sha256:aa"], report.Image.Digests);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), report.CreatedAt);
        Assert.Equal("0.80.0", report.ScannerVersion);
    }

    [Fact]
    public void Read_TruncatedJson_OneProblemWithLineAndColumn()
    {
        var result = ReadText("{\"SchemaVersion\": 2,\n  \"Results\": [\n    {\"Target\": \"x\"");

        Assert.Null(result.Report);
        Assert.Equal("r.json", result.Problem!.Source);
        Assert.Equal(3, result.Problem.Line);
        Assert.True(result.Problem.Column > 0);
        Assert.StartsWith("r.json:3:", result.Problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"results": []}""", "unknown report shape")]
    [InlineData("""[1, 2]""", "unknown report shape")]
    [InlineData("""{"SchemaVersion": 1, "Results": []}""", "SchemaVersion 1 is not supported")]
    [InlineData("", "empty file")]
    public void Read_NotAReport_SaysWhy(string json, string expected)
    {
        var result = ReadText(json);

        Assert.Null(result.Report);
        Assert.Contains(expected, result.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFile_Missing_SaysNoSuchFile()
    {
        Assert.Equal("nope.json: no such file", ScanReportReader.ReadFile("nope.json").Problem!.ToString());
    }
}

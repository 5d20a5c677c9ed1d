using System.Xml.Linq;

namespace Palisade.Cli.Tests.Commands;

/// <summary>A manifest whose names hold characters XML 1.0 cannot (valid YAML all the same) still gets a well-formed JUnit report.</summary>
public sealed class JUnitControlCharacterTests
{
    private const string Pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: \"bad\\x01name\\uD83D\\uDE80\"\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext:\n      privileged: true\n";

    [Fact]
    public async Task CheckJUnit_PodNameWithAControlCharacter_WellFormedReportNamingItEscaped()
    {
        using var folder = new TempDir();
        var file = folder.Write("ctl.yaml", Pod);

        var (exit, output, error) = await CliRunner.RunAsync("check", file, "--format", "junit");

        Assert.True(exit == 1, error); // the privileged pod is denied: findings, not bad input
        var report = XDocument.Parse(output);
        var names = report.Descendants("testcase").Select(t => (string?)t.Attribute("name")).ToList();
        Assert.Contains(names, n => n!.Contains("bad\\u0001name\U0001F680", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GateJUnit_SameManifest_WellFormedReport()
    {
        using var folder = new TempDir();
        var file = folder.Write("ctl.yaml", Pod);

        var (exit, output, error) = await CliRunner.RunAsync("gate", "--manifests", file, "--format", "junit");

        Assert.True(exit is 0 or 1, error);
        Assert.Contains("\\u0001", XDocument.Parse(output).ToString(), StringComparison.Ordinal);
    }
}

namespace Palisade.Sandbox.Tests.Node;

/// <summary>The runsc adapter as this test run built it (same configuration and framework as the tests).</summary>
internal static class AdapterBuild
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var testsOutput = AppContext.BaseDirectory.TrimEnd('/');
        var marker = "/tests/Palisade.Sandbox.Tests/";
        var at = testsOutput.LastIndexOf(marker, StringComparison.Ordinal);
        var path = at < 0 ? "" : testsOutput[..at] + "/src/Palisade.RunscShimAdapter/" + testsOutput[(at + marker.Length)..] + "/runsc-shim-adapter";
        return File.Exists(path) ? path : throw new FileNotFoundException($"the runsc adapter was not built next to the tests: {path}");
    }
}

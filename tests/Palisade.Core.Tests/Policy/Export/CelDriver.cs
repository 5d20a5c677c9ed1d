using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Palisade.Core.Tests.Policy.Export;

/// <summary>
/// Runs <c>tests/cel-driver/driver.mjs</c>: @marcbachmann/cel-js, a CEL engine independent of Palisade, on Node.js.
/// <c>./test.sh</c> installs Node (Debian's nodejs when missing) and runs <c>npm ci</c> there.
/// </summary>
internal static class CelDriver
{
    public static string Folder { get; } = Path.Join(RepositoryRoot(), "tests", "cel-driver");

    public sealed record Program(IReadOnlyList<(string Name, string Expression)> Variables, IReadOnlyDictionary<string, string> Outputs);

    public sealed record Answer(IReadOnlyList<JsonObject> Results, long Evaluations);

    public static Answer Run(IReadOnlyList<Program> programs, IReadOnlyList<(int Program, JsonObject Bindings)> cases)
    {
        Assert.True(File.Exists(Path.Join(Folder, "node_modules", "@marcbachmann", "cel-js", "package.json")),
            $"the CEL engine is not installed: run ./test.sh, or: cd {Folder} && npm ci");
        var job = new JsonObject
        {
            ["programs"] = new JsonArray([.. programs.Select(p => (JsonNode?)new JsonObject
            {
                ["variables"] = new JsonArray([.. p.Variables.Select(v => (JsonNode?)new JsonObject { ["name"] = v.Name, ["expression"] = v.Expression })]),
                ["outputs"] = new JsonObject([.. p.Outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)JsonValue.Create(o.Value)))]),
            })]),
            ["cases"] = new JsonArray([.. cases.Select(c => (JsonNode?)new JsonObject { ["program"] = c.Program, ["bindings"] = c.Bindings.DeepClone() })]),
        };
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        start.ArgumentList.Add("driver.mjs");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(job.ToJsonString());
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the CEL driver did not finish in 3 minutes");
        }

        Assert.True(process.ExitCode == 0, $"node driver.mjs exited {process.ExitCode}: {stderr.Result}");
        var answer = JsonNode.Parse(stdout.Result)!.AsObject();
        return new Answer([.. answer["results"]!.AsArray().Select(r => r!.AsObject())], answer["evaluations"]!.GetValue<long>());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Join(dir.FullName, "Palisade.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Palisade.slnx not found above " + AppContext.BaseDirectory);
    }
}

using System.Text.Json;

namespace Palisade.Cli.Tests.Commands;

[Collection(RealRuntimes.Name)]
public sealed class BenchCommandTests : IDisposable
{
    private static readonly string[] AllNames =
        ["getpid", "open-close", "file-write", "file-read", "pipe", "mmap", "fork", "exec", "tcp-throughput", "tcp-latency", "cpu", "startup", "memory"];

    private readonly TempDir temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Bench_QuickEveryBenchmark_JsonHasContractShapeAndSaneFigures()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("bench", "--quick", "--repeat", "1", "--format", "json", "--out", temp.Path);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var host = json.RootElement.GetProperty("host");
        Assert.Contains(host.GetProperty("runtimes").EnumerateArray(), r => r.GetProperty("runtime").GetString() == "kata" && !r.GetProperty("available").GetBoolean());
        var benchmarks = json.RootElement.GetProperty("benchmarks").EnumerateArray().ToDictionary(b => b.GetProperty("name").GetString()!);
        Assert.Equal(AllNames.Order(), benchmarks.Keys.Order());
        foreach (var (name, benchmark) in benchmarks)
        {
            Assert.False(string.IsNullOrEmpty(benchmark.GetProperty("unit").GetString()));
            var results = benchmark.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(["native", "runc", "runsc"], results.Select(r => r.GetProperty("runtime").GetString()));
            Assert.Equal("ptrace", results[2].GetProperty("platform").GetString());
            foreach (var r in results)
            {
                Assert.False(r.TryGetProperty("error", out var error), $"{name} {r.GetProperty("runtime")}: {error}");
                Assert.True(r.GetProperty("median").GetDouble() >= 0, name);
                Assert.Equal(r.GetProperty("min").GetDouble(), r.GetProperty("max").GetDouble());
                Assert.True(r.TryGetProperty("ratioToNative", out _));
            }
        }

        // The sandbox's own processes (sentry, gofer) hold memory of their own; runc adds none to the workload.
        var memory = benchmarks["memory"].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("median").GetDouble()).ToList();
        Assert.InRange(memory[0], 0.5, 8);
        Assert.True(memory[2] > memory[0] + 10, $"runsc memory {memory[2]:F1} MiB vs native {memory[0]:F1} MiB");
        Assert.True(File.Exists(Path.Combine(temp.Path, "bench.json")));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(temp.Path, "bench.html")), StringComparison.Ordinal);
        Assert.Contains("Not measured: kata", File.ReadAllText(Path.Combine(temp.Path, "bench.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_CpuControlAndGetpid_RatiosAsExpected()
    {
        var (exit, stdout, stderr) = await CliRunner.RunAsync("bench", "--benchmark", "cpu,getpid", "--repeat", "3", "--format", "json");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var byName = json.RootElement.GetProperty("benchmarks").EnumerateArray().ToDictionary(b => b.GetProperty("name").GetString()!, b => b.GetProperty("results").EnumerateArray().ToList());
        foreach (var cpu in byName["cpu"])
        {
            // A CPU-bound control costs the same in every runtime; the band allows for a machine other work shares (seen: 0.79).
            Assert.InRange(cpu.GetProperty("ratioToNative").GetDouble(), 0.67, 1.5);
        }

        Assert.True(byName["getpid"].Single(r => r.GetProperty("runtime").GetString() == "runsc").GetProperty("ratioToNative").GetDouble() > 3);
        Assert.Contains("[1/18]", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--benchmark", "nope", "--benchmark: unknown nope")]
    [InlineData("--runtime", "runsc:nope", "unknown platform")]
    [InlineData("--runtime", "podman", "unknown runtime")]
    [InlineData("--repeat", "0", "--repeat 0")]
    public async Task Bench_BadOption_ExitTwoWithOneLine(string option, string value, string expected)
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("bench", option, value);

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_OutFolderWithEarlierResults_RefusedWithoutForce()
    {
        var previous = temp.Write("bench.json", "{\"mine\": true}");

        var (exit, _, stderr) = await CliRunner.RunAsync("bench", "--benchmark", "cpu", "--out", temp.Path);

        Assert.Equal(2, exit);
        Assert.Contains("--force", stderr, StringComparison.Ordinal);
        Assert.Equal("{\"mine\": true}", File.ReadAllText(previous));
    }
}

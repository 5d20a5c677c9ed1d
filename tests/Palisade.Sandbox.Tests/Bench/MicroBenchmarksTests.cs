using Palisade.Sandbox.Bench;
using Palisade.Sandbox.Runtimes;
using Palisade.Sandbox.Tests.Images;

namespace Palisade.Sandbox.Tests.Bench;

[Collection(ContainerRuntimeTests.Name)]
public sealed class MicroBenchmarksTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private MicroBenchmarkOptions Options => new()
    {
        Repetitions = 3,
        Timeout = TimeSpan.FromSeconds(30),
        CacheDirectory = temp.Combine("cache"),
        WorkDirectory = temp.Path,
    };

    [Fact]
    public async Task RunAsync_CpuControlAndGetpid_CpuRatioNearOneAndRunscGetpidSlower()
    {
        var results = await MicroBenchmarks.RunAsync(
            [new BenchmarkSpec("cpu", 150_000_000), new BenchmarkSpec("getpid", 20_000)], Options, null, CancellationToken.None);

        var cpu = results.Single(r => r.Name == "cpu");
        Assert.Equal("ms", cpu.Unit);
        Assert.Equal(["native", "runc", "runsc"], cpu.Results.Select(s => s.Runtime));
        foreach (var stat in cpu.Results)
        {
            Assert.True(stat.Error is null, $"{stat.Runtime}: {stat.Error}");
            // A CPU-bound control costs the same in every runtime. About 0.25 s a run, so one preemption on a shared machine does not
            // swing the median; the band allows for what is left (seen: 0.79, and 0.59 with 30M iterations under a parallel build).
            Assert.InRange(stat.RatioToNative, 0.67, 1.5);
            Assert.InRange(stat.Median, stat.Min, stat.Max);
        }

        var runsc = results.Single(r => r.Name == "getpid").Results.Single(s => s.Runtime == "runsc");
        Assert.True(runsc.Error is null, runsc.Error);
        Assert.NotNull(runsc.Platform);
        Assert.True(runsc.RatioToNative > 3, $"runsc getpid ratio {runsc.RatioToNative:F2}");
    }

    [Fact]
    public async Task RunAsync_UnknownBenchmark_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            MicroBenchmarks.RunAsync([new BenchmarkSpec("nope", 1)], Options, null, CancellationToken.None));
    }

    [Fact]
    public void Median_EvenCount_AveragesMiddlePair()
    {
        Assert.Equal(2.5, MicroBenchmarks.Median([4, 1, 3, 2]));
        Assert.Equal(3, MicroBenchmarks.Median([5, 3, 1]));
        Assert.True(double.IsNaN(MicroBenchmarks.Median([])));
    }

    [Fact]
    public void TryParse_NonZeroExit_IsFailureWithStderr()
    {
        var run = new RunResult(RuntimeKind.Runc, null, 2, false, "", "unknown benchmark: x\n", false, TimeSpan.Zero, null, [], "id");

        Assert.False(MicroBenchmarks.TryParse(run, "x", out _, out var error));
        Assert.Contains("unknown benchmark", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ProgramLine_ReadsValue()
    {
        var run = new RunResult(RuntimeKind.Native, null, 0, false, "getpid 812.500 ns/op\n", "", false, TimeSpan.Zero, null, [], "id");

        Assert.True(MicroBenchmarks.TryParse(run, "getpid", out var value, out _));
        Assert.Equal(812.5, value);
    }
}

using Palisade.Core.Assessment;

namespace Palisade.Core.Tests.Assessment;

public sealed class OverheadModelTests
{
    private static readonly SyscallCosts Costs = new("ptrace", 100, 400, new Dictionary<string, double>
    {
        [OverheadModel.Trap] = 40_000,
        [OverheadModel.File] = 80_000,
        [OverheadModel.Memory] = 200_000,
        [OverheadModel.Wait] = 100_000,
        [OverheadModel.Process] = 5_000_000,
        [OverheadModel.Exec] = 9_000_000,
        [OverheadModel.Network] = 150_000,
    });

    [Theory]
    [InlineData("openat", OverheadModel.File)]
    [InlineData("mmap", OverheadModel.Memory)]
    [InlineData("futex", OverheadModel.Wait)]
    [InlineData("clone3", OverheadModel.Process)]
    [InlineData("execve", OverheadModel.Exec)]
    [InlineData("sendto", OverheadModel.Network)]
    [InlineData("getpid", OverheadModel.Trap)]
    [InlineData("no_such_call", OverheadModel.Trap)]
    public void ClassOf_KnownAndUnknownSyscalls_MapsToBenchmarkClass(string syscall, string expected)
    {
        Assert.Equal(expected, OverheadModel.ClassOf(syscall));
    }

    [Fact]
    public void Predict_StartupAndSyscalls_AddsBothToRuncTime()
    {
        var prediction = OverheadModel.Predict(Costs, [KeyValuePair.Create("getpid", 1000L), KeyValuePair.Create("openat", 500L), KeyValuePair.Create("read", 500L)], 200);

        // 300 ms start-up + 1000 × 40 µs + 1000 × 80 µs.
        Assert.Equal(300, prediction.StartupExtraMs, 6);
        Assert.Equal(120, prediction.SyscallExtraMs, 6);
        Assert.Equal(620, prediction.PredictedRunscMs, 6);
        Assert.Equal(3.1, prediction.PredictedRatio, 6);
        Assert.Equal([OverheadModel.File, OverheadModel.Trap], prediction.Terms.Select(t => t.Class));
        Assert.Equal(1000, prediction.Terms[0].Calls);
    }

    [Fact]
    public void Predict_FirstExecve_IsPartOfStartupNotCharged()
    {
        var one = OverheadModel.Predict(Costs, [KeyValuePair.Create("execve", 1L)], 100);
        var three = OverheadModel.Predict(Costs, [KeyValuePair.Create("execve", 3L)], 100);

        Assert.Empty(one.Terms);
        Assert.Equal(18, three.SyscallExtraMs, 6);
    }

    [Fact]
    public void Predict_NegativeMeasuredCosts_ClampToZero()
    {
        var faster = Costs with { RunscStartupMs = 50, ExtraNsByClass = new Dictionary<string, double> { [OverheadModel.Trap] = -10 } };

        var prediction = OverheadModel.Predict(faster, [KeyValuePair.Create("getpid", 10L)], 100);

        Assert.Equal(1.0, prediction.PredictedRatio, 6);
    }
}

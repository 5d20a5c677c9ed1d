using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

public sealed class TraceComparisonTests
{
    private static SyscallTrace Trace(params SyscallStat[] stats) => new() { Syscalls = stats, Unsupported = [], RecentFailures = [] };

    private static SyscallStat Stat(string name, params (string Errno, long Count)[] errors) =>
        new(name, 10, errors.ToDictionary(e => e.Errno, e => e.Count));

    [Fact]
    public void FailuresOnlyIn_ErrnoSeenOnlyInSandbox_IsReported()
    {
        var runsc = Trace(Stat("statx", ("EINVAL", 1)), Stat("openat", ("ENOENT", 7)), Stat("rseq", ("ENOSYS", 1)));
        var runc = Trace(Stat("openat", ("ENOENT", 11)), Stat("statx"));

        var divergent = TraceComparison.FailuresOnlyIn(runsc, runc);

        Assert.Equal([new DivergentFailure("rseq", "ENOSYS", 1), new DivergentFailure("statx", "EINVAL", 1)], divergent);
    }

    [Fact]
    public void FailuresOnlyIn_NoReference_ReportsEveryFailure()
    {
        var divergent = TraceComparison.FailuresOnlyIn(Trace(Stat("openat", ("ENOENT", 2))), null);

        Assert.Equal([new DivergentFailure("openat", "ENOENT", 2)], divergent);
    }
}

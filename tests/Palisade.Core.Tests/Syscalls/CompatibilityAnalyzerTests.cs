using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

public sealed class CompatibilityAnalyzerTests
{
    private static SyscallTrace Trace(IEnumerable<(string Name, long Count, string? Errno)> calls, string[]? unsupported = null, FailedSyscall[]? recent = null) => new()
    {
        Syscalls = calls
            .Select(c => new SyscallStat(c.Name, c.Count, c.Errno is null ? new Dictionary<string, long>() : new Dictionary<string, long> { [c.Errno] = c.Count }))
            .ToList(),
        Unsupported = (unsupported ?? []).Select(n => new UnsupportedSyscall(n, 1)).ToList(),
        RecentFailures = recent ?? [],
    };

    [Fact]
    public void Analyze_Clone3AndRseqEnosysWithExitZero_AreFallbackAndCompatible()
    {
        var runsc = Trace([("clone3", 1, "ENOSYS"), ("rseq", 1, "ENOSYS"), ("clone", 1, null), ("read", 5, null)], ["clone3", "rseq"],
            [new FailedSyscall("rseq", "ENOSYS", 1, 3), new FailedSyscall("clone3", "ENOSYS", 1, 9)]);
        var runc = Trace([("clone3", 1, null), ("rseq", 1, null), ("read", 5, null)]);

        var report = CompatibilityAnalyzer.Analyze(
            new CompatibilityInput { RuncTrace = runc, RunscTrace = runsc, RuncExitCode = 0, RunscExitCode = 0 }, SyscallTestData.Table());

        Assert.True(report.Compatible);
        Assert.Equal(
            [new CompatibilityFinding("clone3", "Unimplemented", "Returns \"invalid system call number\".", 1, "fallback"),
             new CompatibilityFinding("rseq", "Partial", "Not supported on all platforms.", 1, "fallback")],
            report.Unsupported);
        Assert.Equal(["clone"], report.Partial.Select(f => f.Name));
        Assert.Equal(SyscallSupport.Full, report.Classification["read"]);
        Assert.Equal("20221219", report.RunscVersion);
    }

    [Fact]
    public void Analyze_UserfaultfdFailingBeforeNonZeroExit_IsFatal()
    {
        var runsc = SyscallTestData.Runsc(SyscallTestData.RunscUserfaultfd);

        var report = CompatibilityAnalyzer.Analyze(
            new CompatibilityInput { RunscTrace = runsc, RuncExitCode = 0, RunscExitCode = 3 }, SyscallTestData.Table());

        Assert.False(report.Compatible);
        var userfaultfd = Assert.Single(report.Unsupported, f => f.Name == "userfaultfd");
        Assert.Equal("fatal", userfaultfd.Impact);
        Assert.Equal("Unimplemented", userfaultfd.Support);
        Assert.Equal(1, userfaultfd.Seen);
        Assert.Equal("unknown", Assert.Single(report.Unsupported, f => f.Name == "rseq").Impact);
        Assert.Contains("userfaultfd", report.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_CapturedBusyboxRun_IsCompatibleWithRseqFallback()
    {
        var runsc = SyscallTestData.Runsc(SyscallTestData.RunscBusybox);
        var runc = SyscallTestData.Strace(SyscallTestData.StraceRunc, new StraceParserOptions { StartAtExecOf = "/bin/sh" });

        var report = CompatibilityAnalyzer.Analyze(
            new CompatibilityInput { RuncTrace = runc, RunscTrace = runsc, RuncExitCode = runc.ExitCode, RunscExitCode = 0 }, SyscallTestData.Table());

        Assert.True(report.Compatible);
        Assert.Equal("rseq fallback", string.Join(",", report.Unsupported.Select(f => f.Name + " " + f.Impact)));
        Assert.Empty(report.UnknownSyscalls);
        Assert.Contains(report.Partial, f => f is { Name: "prctl", Support: "Partial", Seen: 4, Impact: "unknown" });
    }

    [Fact]
    public void Analyze_DifferentExitWithoutUnsupportedFailure_IsIncompatibleButNotFatal()
    {
        var runsc = Trace([("userfaultfd", 1, "ENOSYS"), ("write", 1, null)], ["userfaultfd"]);

        var report = CompatibilityAnalyzer.Analyze(
            new CompatibilityInput { RunscTrace = runsc, RuncExitCode = 0, RunscExitCode = 1 }, SyscallTestData.Table());

        Assert.False(report.Compatible);
        Assert.Equal("unknown", report.Unsupported.Single().Impact);
        Assert.Equal("the workload exited 1 under runsc but 0 under runc", report.Reason);
    }

    [Fact]
    public void Analyze_NoTracesNoExitCodes_IsNotCompatible()
    {
        var report = CompatibilityAnalyzer.Analyze(new CompatibilityInput(), GvisorCompatTable.Empty());

        Assert.False(report.Compatible);
        Assert.Empty(report.Unsupported);
        Assert.Equal("the workload has no exit code under runsc", report.Reason);
    }

    [Fact]
    public void Analyze_SyscallMissingFromTable_IsListedAsUnknown()
    {
        var runc = Trace([("read", 1, null), ("riscv_flush_icache", 1, null)]);

        var report = CompatibilityAnalyzer.Analyze(
            new CompatibilityInput { RuncTrace = runc, RuncExitCode = 0, RunscExitCode = 0 }, SyscallTestData.Table());

        Assert.Equal(["riscv_flush_icache"], report.UnknownSyscalls);
        Assert.Equal(SyscallSupport.Unknown, report.Classification["riscv_flush_icache"]);
    }
}

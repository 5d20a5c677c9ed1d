using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

public sealed class DiagnoseAnalyzerTests
{
    [Fact]
    public void Analyze_UserfaultfdLog_PutsTheUnsupportedCallFirstWithAFix()
    {
        var findings = DiagnoseAnalyzer.Analyze(SyscallTestData.Runsc(SyscallTestData.RunscUserfaultfd), SyscallTestData.Table());

        Assert.Equal(
            new DiagnoseFinding("userfaultfd", "ENOSYS", 1, "Unimplemented",
                "userfaultfd is unimplemented in gVisor 20221219: returns ENOSYS; run this workload with Kata, or disable the feature that needs it") { Impact = "blocking" },
            findings[0]);
        Assert.Equal(
            new DiagnoseFinding("rseq", "ENOSYS", 1, "Partial",
                "rseq is unimplemented in gVisor 20221219: returns ENOSYS; libc and language runtimes fall back to no restartable sequences, so this is harmless") { Impact = "fallback" },
            findings[1]);
    }

    [Fact]
    public void Analyze_BusyboxLog_ExplainsOrdinaryErrnosAndSkipsRestarts()
    {
        var findings = DiagnoseAnalyzer.Analyze(SyscallTestData.Runsc(SyscallTestData.RunscBusybox), SyscallTestData.Table());

        Assert.Equal(["rseq ENOSYS", "ioctl ENOTTY", "wait4 ECHILD", "openat ENOENT"], findings.Select(f => f.Syscall + " " + f.Errno));
        Assert.Equal(["fallback", "info", "info", "info"], findings.Select(f => f.Impact));
        Assert.Equal(
            "openat failed once with ENOENT (no such file or directory): usually a probe for an optional file; harmless unless the workload reports a missing file",
            findings[^1].Suggestion);
    }

    [Fact]
    public void Analyze_StraceOfRunc_UsesTheSameFindings()
    {
        var trace = SyscallTestData.Strace(SyscallTestData.StraceRunc, new StraceParserOptions { StartAtExecOf = "/bin/sh" });

        var findings = DiagnoseAnalyzer.Analyze(trace, SyscallTestData.Table());

        Assert.Contains(findings, f => f is { Syscall: "openat", Errno: "ENOENT", Count: 1 });
        Assert.DoesNotContain(findings, f => f.Support == "Unimplemented");
    }

    [Fact]
    public void Analyze_UnsupportedReportWithoutStraceLines_StillReportsIt()
    {
        var trace = new SyscallTrace { Syscalls = [], Unsupported = [new UnsupportedSyscall("bpf", 2)], RecentFailures = [] };

        var finding = Assert.Single(DiagnoseAnalyzer.Analyze(trace, SyscallTestData.Table()));

        Assert.Equal(new DiagnoseFinding("bpf", null, 2, "Unimplemented",
            "bpf is unimplemented in gVisor 20221219: returns ENOSYS; run this workload with Kata, or disable the feature that needs it") { Impact = "blocking" }, finding);
    }
}

using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

public sealed class RunscLogParserTests
{
    // Counts below were taken with grep on the captured file (grep " X " | grep -o " X NAME(" | uniq -c).
    [Fact]
    public void Parse_BusyboxBootLog_CountsEveryExitLine()
    {
        var trace = SyscallTestData.Runsc(SyscallTestData.RunscBusybox);

        Assert.Equal(79, trace.TotalCalls);
        Assert.Equal(10, trace.Count("brk"));
        Assert.Equal(8, trace.Count("newfstatat"));
        Assert.Equal(6, trace.Count("wait4"));
        Assert.Equal(3, trace.Count("exit_group"));
        Assert.Equal(1, trace.Count("execve"));
        Assert.Equal(28, trace.Syscalls.Count);
        Assert.Equal(0, trace.SkippedLines);
        Assert.Equal(1166, trace.LinesRead);
    }

    [Fact]
    public void Parse_BusyboxBootLog_MapsErrnoNumbersToNames()
    {
        var trace = SyscallTestData.Runsc(SyscallTestData.RunscBusybox);

        Assert.Equal(1, trace.Errors("openat", "ENOENT"));
        Assert.Equal(2, trace.Errors("rseq", "ENOSYS"));
        Assert.Equal(2, trace.Errors("ioctl", "ENOTTY"));
        Assert.Equal(2, trace.Errors("wait4", "ECHILD"));
        Assert.Equal(2, trace.Errors("wait4", "ERESTARTSYS"));
        Assert.Empty(trace.Find("brk")!.Errors);
    }

    [Fact]
    public void Parse_BusyboxBootLog_KeepsFailuresInOrderWithoutRestarts()
    {
        var trace = SyscallTestData.Runsc(SyscallTestData.RunscBusybox);

        Assert.Equal(
            ["rseq:ENOSYS", "ioctl:ENOTTY", "ioctl:ENOTTY", "wait4:ECHILD", "rseq:ENOSYS", "openat:ENOENT", "wait4:ECHILD"],
            trace.RecentFailures.Select(f => f.Name + ":" + f.Errno));
        Assert.Equal(3, trace.RecentFailures[5].Pid);
    }

    [Fact]
    public void Parse_BusyboxBootLog_CountsUnsupportedReports()
    {
        var trace = SyscallTestData.Runsc(SyscallTestData.RunscBusybox);

        Assert.Equal([new UnsupportedSyscall("rseq", 1)], trace.Unsupported);
    }

    [Fact]
    public void Parse_UserfaultfdBootLog_ReportsUnsupportedAndEnosys()
    {
        var trace = SyscallTestData.Runsc(SyscallTestData.RunscUserfaultfd);

        Assert.Equal(["rseq", "userfaultfd"], trace.Unsupported.Select(u => u.Name));
        Assert.Equal(1, trace.Errors("userfaultfd", "ENOSYS"));
        Assert.Equal("userfaultfd", trace.RecentFailures[^1].Name);
        Assert.Equal(16, trace.TotalCalls);
    }

    [Fact]
    public void Parse_RecentFailureCapacity_KeepsOnlyTheLast()
    {
        using var reader = new StringReader(SyscallTestData.Text(SyscallTestData.RunscBusybox));

        var trace = RunscLogParser.Parse(reader, recentFailures: 2);

        Assert.Equal(["openat", "wait4"], trace.RecentFailures.Select(f => f.Name));
    }

    [Theory]
    [InlineData("I1123 10:49:35.474183    8384 strace.go:599] [   1:   1] sh X brk(")]
    [InlineData("I1123 10:49:35.474183    8384 strace.go:599] [ x:   1] sh X brk(0x0) = 0 (0x0) (1µs)")]
    [InlineData("I1123 10:49:35.474183    8384 strace.go:599] [   1:   1] sh X brk(0x0) = 0 (0x0) errno=xx (1µs)")]
    public void Parse_MalformedStraceLine_SkipsAndCounts(string line)
    {
        var trace = RunscLogParser.Parse(new StringReader(line + "\n"));

        Assert.Equal(1, trace.SkippedLines);
        Assert.Empty(trace.Syscalls);
    }

    [Fact]
    public void Parse_CommandNameWithSpaces_FindsTheSyscall()
    {
        const string Line = "I1123 10:49:35.474183    8384 strace.go:599] [  12:  14] my X tool X openat(AT_FDCWD /, 0x1 /x, O_RDONLY|0x0, 0o0) = 0 (0x0) errno=13 (permission denied) (17µs)";

        var trace = RunscLogParser.Parse(new StringReader(Line));

        Assert.Equal(1, trace.Errors("openat", "EACCES"));
        Assert.Equal(12, trace.RecentFailures.Single().Pid);
    }

    [Fact]
    public void Parse_UnknownErrnoNumber_KeepsTheNumber()
    {
        const string Line = "I1123 10:49:35.474183    8384 strace.go:599] [   1:   1] sh X ioctl(0x1) = 0 (0x0) errno=999 (odd) (1µs)\r\n";

        var trace = RunscLogParser.Parse(new StringReader(Line));

        Assert.Equal(1, trace.Errors("ioctl", "E999"));
    }

    [Fact]
    public void Parse_Stream_MatchesTextReader()
    {
        using var stream = File.OpenRead(SyscallTestData.PathOf(SyscallTestData.RunscBusybox));

        var trace = RunscLogParser.Parse(stream);

        Assert.Equal(79, trace.TotalCalls);
    }
}

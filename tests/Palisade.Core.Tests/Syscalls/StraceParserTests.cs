using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

public sealed class StraceParserTests
{
    [Fact]
    public void Parse_RuncTraceWithStartAtExecOf_CountsOnlyTheWorkload()
    {
        var trace = SyscallTestData.Strace(SyscallTestData.StraceRunc, new StraceParserOptions { StartAtExecOf = "/bin/sh" });

        // 75 call lines from pid 8758 and pids first seen after its execve, plus that execve itself.
        Assert.Equal(76, trace.TotalCalls);
        Assert.Equal(2, trace.Count("execve"));
        Assert.Equal(10, trace.Count("brk"));
        Assert.Equal(7, trace.Count("newfstatat"));
        Assert.Equal(0, trace.Count("epoll_pwait"));
        Assert.Equal(0, trace.Count("unlinkat"));
        Assert.Equal(1, trace.Errors("openat", "ENOENT"));
        Assert.Equal(2, trace.Errors("wait4", "ECHILD"));
        Assert.Equal(0, trace.ExitCode);
        Assert.True(trace.Started);
        Assert.Equal(0, trace.SkippedLines);
    }

    [Fact]
    public void Parse_RuncTraceWithoutStart_IncludesRuncSetUp()
    {
        var trace = SyscallTestData.Strace(SyscallTestData.StraceRunc);

        Assert.True(trace.Count("epoll_pwait") > 0);
        Assert.True(trace.TotalCalls > 1000);
        Assert.Equal(0, trace.ExitCode);
    }

    [Fact]
    public void Parse_StartProgramByFileName_MatchesBasename()
    {
        var trace = SyscallTestData.Strace(SyscallTestData.StraceRunc, new StraceParserOptions { StartAtExecOf = "/usr/bin/sh" });

        Assert.Equal(76, trace.TotalCalls);
    }

    [Fact]
    public void Parse_StartProgramNeverExecuted_CountsNothingAndSaysSo()
    {
        var trace = SyscallTestData.Strace(SyscallTestData.StraceRunc, new StraceParserOptions { StartAtExecOf = "/bin/python3" });

        Assert.False(trace.Started);
        Assert.Empty(trace.Syscalls);
        Assert.Null(trace.ExitCode);
    }

    [Fact]
    public void Parse_ThreadsWithUnfinishedAndResumed_CountsEachCallOnce()
    {
        var trace = SyscallTestData.Strace(SyscallTestData.StraceThreads);

        // grep: 237 call lines (resumed halves excluded), 159 unfinished/resumed pairs.
        Assert.Equal(237, trace.TotalCalls);
        Assert.Equal(62, trace.Count("openat"));
        Assert.Equal(60, trace.Errors("openat", "ENOENT"));
        Assert.Equal(1, trace.Errors("access", "ENOENT"));
        Assert.Equal(0, trace.ExitCode);
        Assert.Equal(0, trace.SkippedLines);
    }

    [Fact]
    public void Parse_StderrCaptureWithPidBrackets_CountsEachCallOnce()
    {
        var trace = SyscallTestData.Strace(SyscallTestData.StraceThreadsStderr);

        Assert.Equal(235, trace.TotalCalls);
        Assert.Equal(3, trace.Count("clone3"));
        Assert.Equal(60, trace.Errors("openat", "ENOENT"));
        Assert.Equal(1, trace.Errors("access", "ENOENT"));
        Assert.Equal(0, trace.ExitCode);
        Assert.Equal(0, trace.SkippedLines);
    }

    [Fact]
    public void Parse_ResumedFailure_RecordsErrnoOnTheResumedCall()
    {
        const string Log = """
            10 openat(AT_FDCWD, "/x", O_RDONLY <unfinished ...>
            11 getpid() = 11
            10 <... openat resumed>) = -1 EACCES (Permission denied)
            10 +++ exited with 3 +++
            """;

        var trace = StraceParser.Parse(new StringReader(Log));

        Assert.Equal(1, trace.Count("openat"));
        Assert.Equal(1, trace.Errors("openat", "EACCES"));
        Assert.Equal(new FailedSyscall("openat", "EACCES", 10, 3), trace.RecentFailures.Single());
        Assert.Equal(3, trace.ExitCode);
    }

    [Fact]
    public void Parse_SignalsExitsAndOddResults_AreReadNotSkipped()
    {
        const string Log = """
            [pid 7] mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, -1, 0) = 0x7f0000000000
            [pid 7] --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=8} ---
            [pid 7] read(0, 0x1, 1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)
            [pid 7] exit_group(0) = ?
            strace: Process 9 attached
            [pid 7] +++ killed by SIGKILL +++
            """;

        var trace = StraceParser.Parse(new StringReader(Log));

        Assert.Equal(3, trace.TotalCalls);
        Assert.Equal(1, trace.Errors("read", "ERESTARTSYS"));
        Assert.Empty(trace.RecentFailures);
        Assert.Equal("SIGKILL", trace.KilledBy);
        Assert.Null(trace.ExitCode);
        Assert.Equal(0, trace.SkippedLines);
    }

    [Fact]
    public void Parse_TimestampsWithoutPid_AreRead()
    {
        const string Log = "10:49:35.474183 openat(AT_FDCWD, \"/x\", O_RDONLY) = -1 ENOENT (No such file or directory)\n+++ exited with 1 +++\n";

        var trace = StraceParser.Parse(new StringReader(Log));

        Assert.Equal(1, trace.Errors("openat", "ENOENT"));
        Assert.Equal(1, trace.ExitCode);
    }

    [Theory]
    [InlineData("12 ")]
    [InlineData("[pid 12 openat(")]
    [InlineData("openat(AT_FDCWD, \"/x\"")]
    [InlineData("1234 ???")]
    public void Parse_UnreadableLine_SkipsAndCounts(string line)
    {
        var trace = StraceParser.Parse(new StringReader(line));

        Assert.Equal(1, trace.SkippedLines);
        Assert.Empty(trace.Syscalls);
    }

    [Fact]
    public void Parse_StartExecveFailsFirst_WaitsForTheSuccessfulOne()
    {
        const string Log = """
            5 openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY) = 3
            6 execve("/usr/local/bin/app", ["app"], 0x1 /* 1 var */) = -1 ENOENT (No such file or directory)
            6 execve("/bin/app", ["app"], 0x1 /* 1 var */) = 0
            6 getpid() = 1
            5 wait4(-1, NULL, 0, NULL) = 6
            6 +++ exited with 2 +++
            5 +++ exited with 0 +++
            """;

        var trace = StraceParser.Parse(new StringReader(Log), new StraceParserOptions { StartAtExecOf = "/bin/app" });

        Assert.Equal(["execve", "getpid"], trace.Syscalls.Select(s => s.Name));
        Assert.Equal(2, trace.ExitCode);
    }
}

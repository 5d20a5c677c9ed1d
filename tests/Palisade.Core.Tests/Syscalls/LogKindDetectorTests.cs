using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

public sealed class LogKindDetectorTests
{
    [Theory]
    [InlineData(SyscallTestData.RunscBusybox, LogKind.RunscDebug)]
    [InlineData(SyscallTestData.RunscUserfaultfd, LogKind.RunscDebug)]
    [InlineData(SyscallTestData.StraceRunc, LogKind.Strace)]
    [InlineData(SyscallTestData.StraceThreads, LogKind.Strace)]
    [InlineData(SyscallTestData.StraceThreadsStderr, LogKind.Strace)]
    public void Detect_CapturedLog_RecognisesItsKind(string file, LogKind expected)
    {
        var head = SyscallTestData.Text(file);

        Assert.Equal(expected, LogKindDetector.Detect(head.AsSpan(0, Math.Min(head.Length, 4096))));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello world\nnot a log\n")]
    [InlineData("{ \"linux\": {} }")]
    public void Detect_OtherText_IsUnknown(string text) =>
        Assert.Equal(LogKind.Unknown, LogKindDetector.Detect(text));

    [Fact]
    public void Detect_PidPrefixedSignal_IsStrace() =>
        Assert.Equal(LogKind.Strace, LogKindDetector.Detect("[pid  12] --- SIGCHLD {si_signo=SIGCHLD} ---\n"));
}

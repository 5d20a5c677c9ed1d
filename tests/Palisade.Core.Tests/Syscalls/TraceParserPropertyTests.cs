using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

public sealed class TraceParserPropertyTests
{
    private static readonly string[] Fragments =
    [
        "I1123 10:49:35.474183    8384 strace.go:599] ", "compat.go:123] Unsupported syscall ", "[   1:   1] ", "[pid ", "] ",
        " E ", " X ", "openat(", "execve(\"/bin/sh\"", ")", " = ", "-1 ", "ENOENT", "? ", "errno=", "2", "99999999999", " (", "\n", "\r\n",
        "<unfinished ...>", "<... ", " resumed>", "--- SIGCHLD ", "+++ exited with ", "+++ killed by ", " +++", "strace: Process ", "=> ",
        "12 ", " ", "\"", "é", "\0",
    ];

    [Property(MaxTest = 500)]
    public bool RunscParse_ArbitraryString_NeverThrows(string? text) =>
        RunscLogParser.Parse(new StringReader(text ?? "")).SkippedLines >= 0;

    [Property(MaxTest = 500)]
    public bool StraceParse_ArbitraryString_NeverThrows(string? text) =>
        StraceParser.Parse(new StringReader(text ?? ""), new StraceParserOptions { StartAtExecOf = "/bin/sh" }).SkippedLines >= 0
        && StraceParser.Parse(new StringReader(text ?? "")).SkippedLines >= 0;

    [Property(MaxTest = 2000, Arbitrary = [typeof(TraceLikeText)])]
    public bool BothParsers_TraceLikeLines_NeverThrowAndCountEveryLine(string text)
    {
        var runsc = RunscLogParser.Parse(new StringReader(text));
        var strace = StraceParser.Parse(new StringReader(text));
        var detected = LogKindDetector.Detect(text);
        return runsc.LinesRead == strace.LinesRead && runsc.SkippedLines <= runsc.LinesRead && strace.SkippedLines <= strace.LinesRead
            && Enum.IsDefined(detected);
    }

    [Property(MaxTest = 300)]
    public bool StraceParse_CapturedLinesWithArbitraryCut_NeverThrows(PositiveInt cut)
    {
        var text = SyscallTestData.Text(SyscallTestData.StraceThreads);
        var end = cut.Get % text.Length;
        var start = Math.Max(0, end - 2000);
        return StraceParser.Parse(new StringReader(text[start..end])).SkippedLines >= 0
            && RunscLogParser.Parse(new StringReader(text[start..end])).SkippedLines >= 0;
    }

    [Fact]
    public void Parse_LineLongerThanCap_IsSkippedAndTheNextLineRead()
    {
        var text = "1 write(1, \"" + new string('a', 3_000_000) + "\", 1) = 1\n2 getpid() = 2\n";

        var trace = StraceParser.Parse(new StringReader(text));

        Assert.Equal(1, trace.SkippedLines);
        Assert.Equal(["getpid"], trace.Syscalls.Select(s => s.Name));
    }

    public static class TraceLikeText
    {
        public static Arbitrary<string> Strings() =>
            Gen.Elements(Fragments).ArrayOf().Select(parts => string.Concat(parts)).ToArbitrary();
    }
}

using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Syscalls;

/// <summary>Logs captured on a Debian machine with runsc 20221219, runc 1.1.5 and strace 6.1.</summary>
internal static class SyscallTestData
{
    public const string RunscBusybox = "runsc-busybox-ls-cat.boot.txt";
    public const string RunscUserfaultfd = "runsc-userfaultfd.boot.txt";
    public const string StraceRunc = "strace-runc-busybox.txt";
    public const string StraceThreads = "strace-threads-fork.txt";
    public const string StraceThreadsStderr = "strace-threads-fork-stderr.txt";
    public const string SyscallTable = "runsc-20221219-syscalls.json";

    public static string PathOf(string name) => Path.Join(AppContext.BaseDirectory, "testdata", "syscalls", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    public static SyscallTrace Runsc(string name)
    {
        using var reader = File.OpenText(PathOf(name));
        return RunscLogParser.Parse(reader);
    }

    public static SyscallTrace Strace(string name, StraceParserOptions? options = null)
    {
        using var reader = File.OpenText(PathOf(name));
        return StraceParser.Parse(reader, options);
    }

    public static GvisorCompatTable Table()
    {
        Assert.True(GvisorCompatTable.TryParse(Text(SyscallTable), "amd64", "20221219", out var table, out var error), error);
        return table;
    }

    public static long Count(this SyscallTrace trace, string name) => trace.Find(name)?.Count ?? 0;

    public static long Errors(this SyscallTrace trace, string name, string errno) =>
        trace.Find(name)?.Errors.GetValueOrDefault(errno) ?? 0;
}

using System.Text;
using BenchmarkDotNet.Attributes;
using Palisade.Core.Syscalls;

namespace Palisade.Core.Bench;

/// <summary>
/// Parsing a 200+ MB runsc <c>--strace</c> debug log and a 200+ MB <c>strace -f</c> log, built by repeating lines
/// captured on runsc 20221219 / strace 6.1. The baseline only splits the runsc file into lines (file read, UTF-8
/// decoding, newline search): the floor the parsers build on. MB/s = file size / mean time (sizes are printed).
/// </summary>
[MemoryDiagnoser]
public class TraceParserBenchmarks
{
    private const long TargetBytes = 200L * 1024 * 1024;

    private static readonly string[] RunscLines =
    [
        "I1123 10:49:35.474127    8384 strace.go:561] [   1:   1] sh E brk(0x0)",
        "I1123 10:49:35.474183    8384 strace.go:599] [   1:   1] sh X brk(0x0) = 6209536 (0x5ec000) (32.923µs)",
        "I1123 10:49:35.474789    8384 strace.go:570] [   1:   1] sh E rseq(0x5ecce0, 0x20, 0x0, 0x53053053)",
        "I1123 10:49:35.474834    8384 compat.go:123] Unsupported syscall rseq(0x5ecce0,0x20,0x0,0x53053053,0x0,0x5ec000). It is likely that you can safely ignore this message and that this is not the cause of any error. Please, refer to https://gvisor.dev/c/linux/amd64/rseq for more information.",
        "I1123 10:49:35.474847    8384 strace.go:608] [   1:   1] sh X rseq(0x5ecce0, 0x20, 0x0, 0x53053053) = 0 (0x0) errno=38 (invalid system call number) (50.476µs)",
        "I1123 10:49:35.475096    8384 strace.go:567] [   1:   1] sh E readlink(0x5c2c98 /proc/self/exe, 0x7f8cea54fc30, 0x1000)",
        "I1123 10:49:35.475666    8384 strace.go:605] [   1:   1] sh X readlink(0x5c2c98 /proc/self/exe, 0x7f8cea54fc30 \"/bin/busybox\", 0x1000) = 12 (0xc) (560.306µs)",
        "I1123 10:49:35.522171    8384 strace.go:570] [   3:   3] cat E openat(AT_FDCWD /, 0x7fec320e2f71 /nonexistent, O_RDONLY|0x0, 0o0)",
        "I1123 10:49:35.522182    8384 strace.go:608] [   3:   3] cat X openat(AT_FDCWD /, 0x7fec320e2f71 /nonexistent, O_RDONLY|0x0, 0o0) = 0 (0x0) errno=2 (no such file or directory) (17.864µs)",
        "I1123 10:49:35.493150    8384 strace.go:567] [   2:   2] ls E ioctl(0x0 host:[2], 0x5413, 0x7f8cea5503c0)",
        "I1123 10:49:35.493193    8384 strace.go:605] [   2:   2] ls X ioctl(0x0 host:[2], 0x5413, 0x7f8cea5503c0) = 0 (0x0) errno=25 (not a typewriter) (2.314µs)",
        "I1123 10:49:35.496001    8384 strace.go:567] [   2:   2] ls E write(0x1 host:[3], 0x7f8cea550c18 \"bin\\ndev\\nproc\\nsys\\n\", 0x10)",
        "I1123 10:49:35.496120    8384 strace.go:605] [   2:   2] ls X write(0x1 host:[3], 0x7f8cea550c18 \"bin\\ndev\\nproc\\nsys\\n\", 0x10) = 16 (0x10) (98.1µs)",
        "D1123 10:49:35.496200    8384 task_exit.go:204] [   2:   2] Transitioning from exit state TaskExitNone to TaskExitInitiated",
    ];

    private static readonly string[] StraceLines =
    [
        "8773  brk(NULL)                         = 0x559862568000",
        "8773  mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fdcd7ec8000",
        "8773  access(\"/etc/ld.so.preload\", R_OK) = -1 ENOENT (No such file or directory)",
        "8774  rseq(0x7fdcd7cd9fe0, 0x20, 0, 0x53053053 <unfinished ...>",
        "8773  rt_sigprocmask(SIG_SETMASK, [],  <unfinished ...>",
        "8774  <... rseq resumed>)               = 0",
        "8773  <... rt_sigprocmask resumed>NULL, 8) = 0",
        "8775  openat(AT_FDCWD, \"/nonexistent-x\", O_RDONLY <unfinished ...>",
        "8775  <... openat resumed>)             = -1 ENOENT (No such file or directory)",
        "8776  clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000000}, NULL) = 0",
        "8773  getpid()                          = 8773",
        "8773  newfstatat(AT_FDCWD, \"/etc/passwd\", {st_mode=S_IFREG|0644, st_size=1234, ...}, 0) = 0",
        "8774  --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=8777, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---",
        "8773  write(1, \"hello world\\n\", 12)      = 12",
    ];

    private string _runscPath = "";
    private string _stracePath = "";

    [GlobalSetup]
    public void Setup()
    {
        _runscPath = Write("palisade-bench-runsc-", RunscLines);
        _stracePath = Write("palisade-bench-strace-", StraceLines);
        Console.WriteLine($"// runsc log {new FileInfo(_runscPath).Length / 1e6:F1} MB, strace log {new FileInfo(_stracePath).Length / 1e6:F1} MB");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_runscPath);
        File.Delete(_stracePath);
    }

    [Benchmark(Baseline = true)]
    public long RunscLog_SplitLinesOnly()
    {
        using var reader = Open(_runscPath);
        var lines = new LineReader(reader);
        long count = 0;
        while (lines.TryReadLine(out _, out _))
        {
            count++;
        }

        return count;
    }

    [Benchmark]
    public long RunscLog_Parse()
    {
        using var reader = Open(_runscPath);
        return RunscLogParser.Parse(reader).TotalCalls;
    }

    [Benchmark]
    public long StraceLog_Parse()
    {
        using var reader = Open(_stracePath);
        return StraceParser.Parse(reader).TotalCalls;
    }

    private static StreamReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan), Encoding.UTF8, false, 1 << 20);

    private static string Write(string prefix, string[] lines)
    {
        var path = Path.Join(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N") + ".log");
        var block = Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        for (long written = 0; written < TargetBytes; written += block.Length)
        {
            stream.Write(block);
        }

        return path;
    }
}

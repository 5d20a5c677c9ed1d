using Palisade.Cli.Output;
using Palisade.Core.Assessment;
using Palisade.Core.Seccomp;
using Palisade.Core.Syscalls;
using Palisade.Sandbox.Assessing;
using Palisade.Sandbox.Bench;
using Palisade.Sandbox.Profiling;
using Palisade.Sandbox.Runtimes;
using Palisade.Sandbox.Seccomp;

namespace Palisade.Cli.Tests.Output;

/// <summary>
/// The HTML reports with realistic content: the bench figures of docs/bench.md (2-core VM, runsc ptrace, many noisy
/// figures), the assessments of the built-in samples (gVisor recommended with overhead; Kata recommended, not runnable
/// here, no overhead), each with a long image reference.
/// </summary>
internal static class ReportPages
{
    private static readonly DateTimeOffset When = new(2026, 12, 4, 1, 0, 0, TimeSpan.Zero);

    private const string Digest = "sha256:4f2d8e3c1a9b7f6e5d4c3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a291807f6e";

    public static string Bench(bool withFailure = false)
    {
        var host = new BenchHost("palisade-ci-runner-7f6e5d4c", "6.18.44-fc-v769", "AMD EPYC 7B13 64-Core Processor", 2, 24105, "runc version 1.1.5+ds1", "runsc version 0.0~20221219.0",
        [
            new("native", null, true, "the program runs directly on the host: the baseline"),
            new("runc", null, true, "runc version 1.1.5+ds1"),
            new("runsc", "ptrace", true, "available"),
            new("runsc", "systrap", false, "runsc release 20221219 predates systrap (first in 20230417)"),
            new("runsc", "kvm", false, "/dev/kvm does not exist (no hardware virtualisation exposed to this machine)"),
            new("kata", null, false, BenchHost.KataUnavailable),
        ]);
        // name, unit, native, runc, runsc (ptrace) medians and spreads, as measured in docs/bench.md.
        (string Name, string Unit, double[] Medians, double[] Spreads)[] figures =
        [
            ("getpid", "ns/op", [1040, 969, 51845], [.19, .12, .08]),
            ("open-close", "ns/op", [4732, 5632, 178857], [.34, .33, .28]),
            ("file-write", "MiB/s", [1082, 1077, 920], [.1, .12, .2]),
            ("file-read", "MiB/s", [16148, 17803, 7580], [.15, .2, .27]),
            ("pipe", "ns/op", [28828, 21383, 327224], [.26, .27, .1]),
            ("mmap", "ns/op", [5367, 5621, 307231], [.33, .31, .27]),
            ("fork", "us/op", [643, 716, 5821], [.32, .2, .27]),
            ("exec", "us/op", [1958, 2152, 13186], [.2, .26, .1]),
            ("tcp-throughput", "MiB/s", [2528, 2580, 359], [.28, .56, .2]),
            ("tcp-latency", "us/op", [31.6, 26.2, 351], [.43, .25, .1]),
            ("cpu", "ms", [114, 112, 117], [.05, .04, .06]),
            ("startup", "ms", [4.09, 68.9, 272], [.65, .25, .12]),
            ("memory", "MiB", [1.66, 1.69, 24.8], [.02, .02, .03]),
        ];
        var results = figures.Select(f => new BenchmarkResult(f.Name, f.Unit,
        [
            Stat("native", null, f.Medians[0], f.Spreads[0], f.Medians[0]),
            Stat("runc", null, f.Medians[1], f.Spreads[1], f.Medians[0]),
            withFailure && f.Name == "exec"
                ? new RuntimeStat("runsc", "ptrace", double.NaN, double.NaN, double.NaN, double.NaN,
                    "runsc exited 128: creating container: cannot create sandbox: cannot read client sync file: waiting for sandbox to start: EOF")
                : Stat("runsc", "ptrace", f.Medians[2], f.Spreads[2], f.Medians[0]),
        ])).ToList();
        return BenchReport.Html(host, new BenchReport.Method(5, false, When), results);
    }

    public static string AssessGvisor()
    {
        var runc = Run(RuntimeKind.Runc, null, 0, 90, Trace(("openat", 41, "ENOENT", 12), ("rseq", 1, null, 0)));
        var runsc = Run(RuntimeKind.Runsc, "ptrace", 0, 349, Trace(("openat", 41, "ENOENT", 12), ("rseq", 1, "ENOSYS", 1)));
        var compatibility = new CompatibilityReport
        {
            Runtime = "runsc",
            RunscVersion = "0.0~20221219.0",
            Compatible = true,
            Unsupported = [new CompatibilityFinding("rseq", "Partial", "Not supported on all platforms.", 1, CompatibilityAnalyzer.ImpactFallback)],
            Partial =
            [
                new CompatibilityFinding("clone", "Partial", "Mount namespace (CLONE_NEWNS) not supported. Options CLONE_PARENT, CLONE_SYSVSEM not supported.", 3, CompatibilityAnalyzer.ImpactUnknown),
                new CompatibilityFinding("prctl", "Partial", "Not all options are supported.", 4, CompatibilityAnalyzer.ImpactUnknown),
            ],
            UnknownSyscalls = [],
            Classification = new Dictionary<string, SyscallSupport>(),
            Reason = "the workload behaved the same under runsc as under runc (exit code 0); every syscall that failed only under runsc was followed by a successful fallback",
        };
        var recommendation = RuntimeRecommender.Recommend(new RecommendationInput { Compatibility = compatibility, RuncExitCode = 0, RunscExitCode = 0 });
        var terms = new[] { ("exec", 1L, 9400.0), ("file", 512L, 5800.0), ("process", 3L, 172.0), ("memory", 96L, 150.0), ("trap", 61L, 50.0), ("wait", 12L, 75.0) }
            .Select(t => new OverheadTerm(t.Item1, t.Item2, t.Item3, t.Item2 * t.Item3 / 1e6)).OrderByDescending(t => t.ExtraMs).ToList();
        var overhead = new OverheadEstimate(90.4, 348.9, 5, new OverheadPrediction(90.4, 215, terms, "ptrace"), "/root/.cache/palisade/bench/costs-d097c5d1b4688629.json", false);
        return Html(new Assessment(Profile([runc, runsc], compatibility), recommendation, null, overhead, Seccomp(), TrustLevel.Untrusted));
    }

    public static string AssessKata()
    {
        var runc = Run(RuntimeKind.Runc, null, 0, 12, Trace(("userfaultfd", 1, null, 0)));
        var runsc = Run(RuntimeKind.Runsc, "ptrace", 3, 231, Trace(("userfaultfd", 1, "ENOSYS", 1), ("rseq", 1, "ENOSYS", 1)));
        var compatibility = new CompatibilityReport
        {
            Runtime = "runsc",
            RunscVersion = "0.0~20221219.0",
            Compatible = false,
            Unsupported =
            [
                new CompatibilityFinding("userfaultfd", "Unimplemented", "Returns \"invalid system call number\".", 1, CompatibilityAnalyzer.ImpactFatal),
                new CompatibilityFinding("rseq", "Partial", "Not supported on all platforms.", 1, CompatibilityAnalyzer.ImpactUnknown),
            ],
            Partial = [],
            UnknownSyscalls = [],
            Classification = new Dictionary<string, SyscallSupport>(),
            Reason = "the workload exited 3 under runsc but 0 under runc; userfaultfd failed with ENOSYS (unimplemented in gVisor) just before it exited",
        };
        var recommendation = RuntimeRecommender.Recommend(new RecommendationInput { Compatibility = compatibility, RuncExitCode = 0, RunscExitCode = 3, KataRunnableHere = false });
        return Html(new Assessment(Profile([runc, runsc], compatibility), recommendation, null, null, Seccomp(), TrustLevel.Untrusted));
    }

    private static RuntimeStat Stat(string runtime, string? platform, double median, double spread, double native) =>
        new(runtime, platform, median, median * (1 - (spread / 2)), median * (1 + (spread / 2)), median / native);

    private static string Html(Assessment assessment) => AssessmentReportFiles.Render(assessment, When, Palisade.Core.Node.RunscShim.Runc).Single(f => f.Name == "report.html").Content;

    private static WorkloadProfile Profile(IReadOnlyList<ProfiledRun> runs, CompatibilityReport compatibility) =>
        new($"registry.internal/platform-security/workloads/data-processing-aggregator@{Digest}", ["/app/aggregate", "--input", "/data/sales-2026-q4.csv", "--output", "/tmp/summary.json"], runs, compatibility, "0.0~20221219.0");

    private static ProfiledRun Run(RuntimeKind runtime, string? platform, int exit, double ms, SyscallTrace trace) =>
        new(new RunResult(runtime, platform, exit, false, "total 12\n", "", false, TimeSpan.FromMilliseconds(ms), 6_815_744, [], "palisade-" + Digest[7..19]), trace);

    /// <summary>The syscalls of the sample aggregator, plus <paramref name="extra"/> (name, count, errno, failures).</summary>
    private static SyscallTrace Trace(params (string Name, long Count, string? Errno, long Failed)[] extra)
    {
        (string, long, string?, long)[] common =
        [
            ("execve", 1, null, 0), ("brk", 4, null, 0), ("arch_prctl", 2, null, 0), ("set_tid_address", 1, null, 0), ("set_robust_list", 1, null, 0),
            ("prlimit64", 1, null, 0), ("mmap", 57, null, 0), ("munmap", 39, null, 0), ("mprotect", 6, null, 0), ("read", 388, null, 0), ("write", 42, null, 0),
            ("close", 45, null, 0), ("fstat", 44, null, 0), ("newfstatat", 19, "ENOENT", 3), ("lseek", 7, "ESPIPE", 1), ("getdents64", 4, null, 0),
            ("ioctl", 3, "ENOTTY", 3), ("fcntl", 5, null, 0), ("clone", 3, null, 0), ("wait4", 6, "ECHILD", 3), ("rt_sigaction", 9, null, 0),
            ("rt_sigprocmask", 12, null, 0), ("prctl", 4, "EINVAL", 1), ("getpid", 61, null, 0), ("futex", 6, "EAGAIN", 2), ("exit_group", 4, null, 0),
        ];
        return new SyscallTrace
        {
            Syscalls = [.. common.Concat(extra).Select(c => new SyscallStat(c.Item1, c.Item2,
                c.Item3 is null ? new Dictionary<string, long>() : new Dictionary<string, long> { [c.Item3] = c.Item4 }))],
            Unsupported = [],
            RecentFailures = [],
        };
    }

    private static SeccompOutcome Seccomp()
    {
        var names = new[] { "arch_prctl", "brk", "clone", "close", "execve", "exit_group", "fcntl", "fstat", "futex", "getdents64", "getpid", "ioctl", "lseek", "mmap", "mprotect", "munmap", "newfstatat", "openat", "prctl", "prlimit64", "read", "rseq", "rt_sigaction", "rt_sigprocmask", "set_robust_list", "set_tid_address", "wait4", "write" };
        var profile = new SeccompProfile
        {
            DefaultAction = SeccompActions.Errno,
            DefaultErrnoRet = 1,
            Architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
            Syscalls = [new SeccompRule(names, SeccompActions.Allow)],
        };
        var proof = new[] { RuntimeKind.Runc, RuntimeKind.Runsc }
            .Select(r => new SeccompVerification(r, Run(r, null, 0, 90, Trace()).Run, Run(r, null, 0, 91, Trace()).Run)).ToList();
        return new SeccompOutcome(profile, names.Length, proof);
    }
}

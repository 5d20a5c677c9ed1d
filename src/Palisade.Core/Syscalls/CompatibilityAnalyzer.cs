namespace Palisade.Core.Syscalls;

/// <summary>
/// Compares a workload's runc and runsc runs against gVisor's syscall table.
/// <list type="bullet">
/// <item><c>unsupported</c>: syscalls the table marks Unimplemented, plus any runsc logged as "Unsupported syscall".</item>
/// <item><c>partial</c>: syscalls the table marks Partial (and not already unsupported).</item>
/// <item>impact <c>fallback</c>: the syscall has a known fallback (<see cref="FallbackSyscalls"/>) and the workload
/// exited under runsc as it did under runc (or 0 when runc's result is unknown).</item>
/// <item>impact <c>fatal</c>: the workload failed under runsc but not the same way under runc, the syscall has no
/// known fallback, and it is among the last failing syscalls runsc recorded.</item>
/// <item>impact <c>unknown</c>: anything else; the evidence does not say.</item>
/// </list>
/// <c>compatible</c> = runsc's exit code equals runc's (0 when runc did not run) and nothing is fatal.
/// </summary>
public static class CompatibilityAnalyzer
{
    public const string ImpactFallback = "fallback";
    public const string ImpactFatal = "fatal";
    public const string ImpactUnknown = "unknown";

    public static CompatibilityReport Analyze(CompatibilityInput input, GvisorCompatTable table)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(table);

        var seen = SeenCounts(input);
        var loggedUnsupported = new HashSet<string>(
            input.RunscTrace?.Unsupported.Select(u => u.Name) ?? [], StringComparer.Ordinal);
        var recentFailures = new HashSet<string>(
            input.RunscTrace?.RecentFailures.Select(f => f.Name) ?? [], StringComparer.Ordinal);

        var expectedExit = input.RuncExitCode ?? 0;
        var sameOutcome = input.RunscExitCode is { } runscExit && runscExit == expectedExit;
        var failedOnlyUnderRunsc = input.RunscExitCode is { } code && code != 0 && code != input.RuncExitCode;

        var classification = new SortedDictionary<string, SyscallSupport>(StringComparer.Ordinal);
        var unsupported = new List<CompatibilityFinding>();
        var partial = new List<CompatibilityFinding>();
        var unknown = new List<string>();
        foreach (var (name, count) in seen)
        {
            table.TryGet(name, out var info);
            var support = info?.Support ?? SyscallSupport.Unknown;
            classification[name] = support;
            var logged = loggedUnsupported.Contains(name);
            if (support == SyscallSupport.Unknown && !logged)
            {
                unknown.Add(name);
                continue;
            }

            if (support == SyscallSupport.Full && !logged)
            {
                continue;
            }

            var impact = Impact(name, sameOutcome, failedOnlyUnderRunsc, recentFailures);
            var finding = new CompatibilityFinding(name, SupportWord(support), info?.Note ?? "", count, impact);
            if (support == SyscallSupport.Unimplemented || logged)
            {
                unsupported.Add(finding);
            }
            else
            {
                partial.Add(finding);
            }
        }

        var fatal = unsupported.Concat(partial).Where(f => f.Impact == ImpactFatal).Select(f => f.Name).ToList();
        var compatible = sameOutcome && fatal.Count == 0;
        return new CompatibilityReport
        {
            Runtime = "runsc",
            RunscVersion = table.RunscVersion,
            Compatible = compatible,
            Unsupported = unsupported,
            Partial = partial,
            UnknownSyscalls = unknown,
            Classification = classification,
            Reason = Explain(input, expectedExit, sameOutcome, fatal),
        };
    }

    /// <summary>runsc's words for a level, as <c>runsc help syscalls</c> prints them, shortened.</summary>
    public static string SupportWord(SyscallSupport support) => support switch
    {
        SyscallSupport.Full => "Full",
        SyscallSupport.Partial => "Partial",
        SyscallSupport.Unimplemented => "Unimplemented",
        _ => "Unknown",
    };

    private static string Impact(string name, bool sameOutcome, bool failedOnlyUnderRunsc, HashSet<string> recentFailures)
    {
        if (FallbackSyscalls.Has(name))
        {
            return sameOutcome ? ImpactFallback : ImpactUnknown;
        }

        return failedOnlyUnderRunsc && recentFailures.Contains(name) ? ImpactFatal : ImpactUnknown;
    }

    // Counts from the runsc run (what gVisor actually saw), else from runc, plus names only runsc logged.
    private static SortedDictionary<string, long> SeenCounts(CompatibilityInput input)
    {
        var seen = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var primary = input.RunscTrace ?? input.RuncTrace;
        if (primary is not null)
        {
            foreach (var stat in primary.Syscalls)
            {
                seen[stat.Name] = stat.Count;
            }
        }

        if (input.RunscTrace is not null && input.RuncTrace is not null)
        {
            foreach (var stat in input.RuncTrace.Syscalls)
            {
                seen.TryAdd(stat.Name, 0);
            }
        }

        foreach (var report in input.RunscTrace?.Unsupported ?? [])
        {
            if (!seen.TryGetValue(report.Name, out var count) || count == 0)
            {
                seen[report.Name] = report.Count;
            }
        }

        return seen;
    }

    private static string Explain(CompatibilityInput input, int expectedExit, bool sameOutcome, List<string> fatal)
    {
        if (input.RunscExitCode is null)
        {
            return "the workload has no exit code under runsc";
        }

        if (fatal.Count > 0)
        {
            return $"the workload exited {input.RunscExitCode} under runsc (runc: {Describe(input.RuncExitCode)}) right after unsupported {string.Join(", ", fatal)} failed";
        }

        return sameOutcome
            ? $"the workload exited {input.RunscExitCode} under runsc, as under runc"
            : $"the workload exited {input.RunscExitCode} under runsc but {expectedExit} under runc";
    }

    private static string Describe(int? exitCode) => exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "did not run";
}

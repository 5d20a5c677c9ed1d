namespace Palisade.Core.Syscalls;

/// <summary>Accumulates counts for one trace; names are interned so a repeated syscall costs a hash lookup.</summary>
internal sealed class TraceBuilder
{
    private readonly Dictionary<string, Counter> _calls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Counter>.AlternateLookup<ReadOnlySpan<char>> _callLookup;
    private readonly Dictionary<string, string> _errnos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _errnoLookup;
    private readonly Dictionary<string, long> _unsupported = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<char>> _unsupportedLookup;
    private readonly Failure[] _recent;
    private int _recentNext;
    private long _recentCount;

    public TraceBuilder(int recentFailureCapacity)
    {
        _callLookup = _calls.GetAlternateLookup<ReadOnlySpan<char>>();
        _errnoLookup = _errnos.GetAlternateLookup<ReadOnlySpan<char>>();
        _unsupportedLookup = _unsupported.GetAlternateLookup<ReadOnlySpan<char>>();
        _recent = new Failure[Math.Max(0, recentFailureCapacity)];
    }

    public long LinesRead { get; set; }

    public long SkippedLines { get; set; }

    public int? ExitCode { get; set; }

    public string? KilledBy { get; set; }

    public bool Started { get; set; } = true;

    /// <summary>Counts one completed call; <paramref name="errno"/> is null when it succeeded.</summary>
    public void Call(ReadOnlySpan<char> name, string? errno, int pid)
    {
        var counter = Intern(name);
        counter.Count++;
        if (errno is not null)
        {
            Fail(counter, errno, pid);
        }
    }

    /// <summary>Adds a failure to a call counted earlier (strace <c>&lt;... NAME resumed&gt;</c>).</summary>
    public void FailOnly(ReadOnlySpan<char> name, string errno, int pid) => Fail(Intern(name), errno, pid);

    public string InternErrno(ReadOnlySpan<char> errno)
    {
        if (!_errnoLookup.TryGetValue(errno, out var name))
        {
            name = errno.ToString();
            _errnoLookup[errno] = name;
        }

        return name;
    }

    public void Unsupported(ReadOnlySpan<char> name)
    {
        _unsupportedLookup.TryGetValue(name, out var count);
        _unsupportedLookup[name] = count + 1;
    }

    public SyscallTrace Build()
    {
        var stats = _calls.Values
            .Where(c => c.Count > 0 || c.Errors is not null)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new SyscallStat(
                c.Name,
                c.Count,
                c.Errors is null
                    ? new Dictionary<string, long>(StringComparer.Ordinal)
                    : new Dictionary<string, long>(c.Errors, StringComparer.Ordinal)))
            .ToList();
        var unsupported = _unsupported
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new UnsupportedSyscall(p.Key, p.Value))
            .ToList();
        return new SyscallTrace
        {
            Syscalls = stats,
            Unsupported = unsupported,
            RecentFailures = RecentFailures(),
            LinesRead = LinesRead,
            SkippedLines = SkippedLines,
            ExitCode = ExitCode,
            KilledBy = KilledBy,
            Started = Started,
        };
    }

    private List<FailedSyscall> RecentFailures()
    {
        var kept = (int)Math.Min(_recentCount, _recent.Length);
        var list = new List<FailedSyscall>(kept);
        var first = _recentCount > _recent.Length ? _recentNext : 0;
        for (var i = 0; i < kept; i++)
        {
            var failure = _recent[(first + i) % _recent.Length];
            list.Add(new FailedSyscall(failure.Name, failure.Errno, failure.Pid, failure.Line));
        }

        return list;
    }

    private Counter Intern(ReadOnlySpan<char> name)
    {
        if (!_callLookup.TryGetValue(name, out var counter))
        {
            counter = new Counter(name.ToString());
            _callLookup[name] = counter;
        }

        return counter;
    }

    private void Fail(Counter counter, string errno, int pid)
    {
        counter.Errors ??= new Dictionary<string, long>(StringComparer.Ordinal);
        counter.Errors.TryGetValue(errno, out var count);
        counter.Errors[errno] = count + 1;
        if (_recent.Length == 0 || ErrnoNames.IsRestart(errno))
        {
            return;
        }

        // A struct ring: failing calls are common in real logs (ENOENT probes), records are made once at the end.
        _recent[_recentNext] = new Failure(counter.Name, errno, pid, LinesRead);
        _recentNext = (_recentNext + 1) % _recent.Length;
        _recentCount++;
    }

    private readonly record struct Failure(string Name, string Errno, int Pid, long Line);

    private sealed class Counter(string name)
    {
        public string Name { get; } = name;

        public long Count { get; set; }

        public Dictionary<string, long>? Errors { get; set; }
    }
}

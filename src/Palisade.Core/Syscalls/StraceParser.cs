namespace Palisade.Core.Syscalls;

/// <summary>
/// Reads <c>strace -f</c> output (<c>[pid N] </c> or <c>N </c> prefixes, <c>&lt;unfinished ...&gt;</c> /
/// <c>&lt;... NAME resumed&gt;</c> pairs, signals, exits). A split call is counted once, on its first half;
/// its result comes from the resumed half. Unreadable lines are skipped and counted.
/// With <see cref="StraceParserOptions.StartAtExecOf"/>, only the process that made that execve and pids first
/// seen after it are counted (a launcher thread started after the workload would be counted too).
/// </summary>
public static class StraceParser
{
    private const string Unfinished = "<unfinished ...>";

    public static SyscallTrace Parse(TextReader reader, StraceParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options ??= new StraceParserOptions();
        var state = new State(options);
        var lines = new LineReader(reader);
        while (lines.TryReadLine(out var line, out var overlong))
        {
            state.Builder.LinesRead++;
            if (overlong || !state.ParseLine(line))
            {
                state.Builder.SkippedLines++;
            }
        }

        state.Builder.Started = state.Started;
        return state.Builder.Build();
    }

    public static SyscallTrace Parse(Stream stream, StraceParserOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return Parse(reader, options);
    }

    private sealed class State(StraceParserOptions options)
    {
        private readonly string? _startPath = string.IsNullOrEmpty(options.StartAtExecOf) ? null : options.StartAtExecOf;
        private readonly HashSet<int> _pendingStart = [];

        // Pids seen before the start marker belong to the launcher (runc and its threads). clone() results
        // are pid-namespace local under runc, so the workload's children are "pids first seen after the start".
        private readonly HashSet<int> _before = [];
        private int? _workloadPid;

        public TraceBuilder Builder { get; } = new(options.RecentFailures);

        public bool Started { get; private set; } = string.IsNullOrEmpty(options.StartAtExecOf);

        public bool ParseLine(ReadOnlySpan<char> line)
        {
            if (line.IsWhiteSpace())
            {
                return true;
            }

            if (line.StartsWith("strace: ", StringComparison.Ordinal) || line.StartsWith("[ Process ", StringComparison.Ordinal))
            {
                return true;
            }

            if (line[0] == ' ')
            {
                // The tail of a call whose line "strace: Process N attached" broke (see below).
                var tail = line.TrimStart(' ');
                if (tail.StartsWith("=> ", StringComparison.Ordinal) || tail.StartsWith(Unfinished, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            if (!TryReadPrefix(ref line, out var pid))
            {
                return false;
            }

            if (!Started)
            {
                _before.Add(pid);
            }
            else
            {
                _workloadPid ??= pid;
                if (pid != _workloadPid && _before.Contains(pid))
                {
                    return true; // the launcher's own process or thread, still running beside the workload
                }
            }

            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                return true; // a signal delivery; nothing to count
            }

            if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                return ParseExit(line, pid);
            }

            if (line.StartsWith("<... ", StringComparison.Ordinal))
            {
                return ParseResumed(line[5..], pid);
            }

            var nameLength = SpanText.NameLength(line);
            if (nameLength == 0 || nameLength >= line.Length || line[nameLength] != '(')
            {
                return false;
            }

            var name = line[..nameLength];
            // Without -o, strace writes "strace: Process N attached" into the middle of the clone line it
            // interrupts; the call's first half is all this line holds, like an unfinished call.
            var unfinished = line.EndsWith(Unfinished, StringComparison.Ordinal)
                || line.Contains(Unfinished + ")", StringComparison.Ordinal)
                || line.Contains("strace: Process ", StringComparison.Ordinal);
            if (!Started)
            {
                ConsiderStart(name, line, pid, unfinished);
                return true;
            }

            if (unfinished)
            {
                Builder.Call(name, null, pid);
                return true;
            }

            if (!TryReadResult(line, out var errno))
            {
                return false;
            }

            Builder.Call(name, errno, pid);
            return true;
        }

        private bool ParseResumed(ReadOnlySpan<char> rest, int pid)
        {
            var nameLength = SpanText.NameLength(rest);
            if (nameLength == 0 || !rest[nameLength..].StartsWith(" resumed>", StringComparison.Ordinal))
            {
                return false;
            }

            var name = rest[..nameLength];
            if (!TryReadResult(rest, out var errno))
            {
                return false;
            }

            if (!Started)
            {
                if (errno is null && _pendingStart.Contains(pid) && name.SequenceEqual("execve") && ResultIsZero(rest))
                {
                    Start(pid);
                }

                _pendingStart.Remove(pid);
                return true;
            }

            if (errno is not null)
            {
                Builder.FailOnly(name, errno, pid);
            }

            return true;
        }

        private void ConsiderStart(ReadOnlySpan<char> name, ReadOnlySpan<char> line, int pid, bool unfinished)
        {
            if (!name.SequenceEqual("execve") || !MatchesStartPath(line[(name.Length + 1)..]))
            {
                return;
            }

            if (unfinished)
            {
                _pendingStart.Add(pid);
            }
            else if (TryReadResult(line, out var errno) && errno is null && ResultIsZero(line))
            {
                Start(pid);
            }
        }

        private void Start(int pid)
        {
            Started = true;
            _workloadPid = pid;
            _pendingStart.Clear();
            Builder.Call("execve", null, pid);
        }

        private bool MatchesStartPath(ReadOnlySpan<char> args)
        {
            if (args.Length < 2 || args[0] != '"')
            {
                return false;
            }

            var end = args[1..].IndexOf('"');
            if (end < 0)
            {
                return false;
            }

            var path = args.Slice(1, end);
            var start = _startPath.AsSpan();
            return path.SequenceEqual(start) || FileName(path).SequenceEqual(FileName(start));
        }

        private static ReadOnlySpan<char> FileName(ReadOnlySpan<char> path)
        {
            var slash = path.LastIndexOf('/');
            return slash < 0 ? path : path[(slash + 1)..];
        }

        // "+++ exited with 3 +++" or "+++ killed by SIGKILL (core dumped) +++"
        private bool ParseExit(ReadOnlySpan<char> line, int pid)
        {
            if (!Started)
            {
                return true;
            }

            _workloadPid ??= pid;
            if (pid != _workloadPid)
            {
                return true;
            }

            var body = line[4..];
            if (body.StartsWith("exited with ", StringComparison.Ordinal))
            {
                if (!SpanText.TryReadInt(body[12..], out var code, out _))
                {
                    return false;
                }

                Builder.ExitCode = code;
                return true;
            }

            if (body.StartsWith("killed by ", StringComparison.Ordinal))
            {
                var signal = body[10..];
                var length = SpanText.NameLength(signal);
                if (length == 0)
                {
                    return false;
                }

                Builder.KilledBy = Builder.InternErrno(signal[..length]);
                return true;
            }

            return false;
        }

        /// <summary>Reads the result after the last " = "; <paramref name="errno"/> is set for "-1 ENAME" and "? ERESTART...".</summary>
        private bool TryReadResult(ReadOnlySpan<char> line, out string? errno)
        {
            errno = null;
            var equals = line.LastIndexOf(" = ");
            if (equals < 0)
            {
                return false;
            }

            var result = line[(equals + 3)..];
            if (result.StartsWith("-1 ", StringComparison.Ordinal) || result.StartsWith("? ", StringComparison.Ordinal))
            {
                var code = result[(result[0] == '-' ? 3 : 2)..];
                var length = SpanText.NameLength(code);
                if (length > 1 && code[0] == 'E')
                {
                    errno = Builder.InternErrno(code[..length]);
                }

                return true;
            }

            return result.Length > 0;
        }

        private static bool ResultIsZero(ReadOnlySpan<char> line)
        {
            var equals = line.LastIndexOf(" = ");
            var result = line[(equals + 3)..];
            return result.Length > 0 && result[0] == '0' && (result.Length == 1 || result[1] == ' ');
        }

        private static bool TryReadPrefix(ref ReadOnlySpan<char> line, out int pid)
        {
            pid = 0;
            if (line.StartsWith("[pid ", StringComparison.Ordinal))
            {
                var close = line.IndexOf(']');
                if (close < 0 || !SpanText.TryReadInt(SpanText.SkipSpaces(line[5..close]), out pid, out _))
                {
                    return false;
                }

                line = line[(close + 1)..];
            }
            else if (char.IsAsciiDigit(line[0]))
            {
                // "8758  read(...)" from -f -o; a leading timestamp without a pid is left for below.
                if (SpanText.TryReadInt(line, out var number, out var consumed) && consumed < line.Length && line[consumed] == ' ')
                {
                    pid = number;
                    line = line[consumed..];
                }
            }

            line = SpanText.SkipSpaces(line);

            // Optional -t / -tt / -ttt timestamp ("10:49:35.474183 " or "1700000000.123456 ").
            if (line.Length > 0 && char.IsAsciiDigit(line[0]))
            {
                var i = 0;
                while (i < line.Length && (char.IsAsciiDigit(line[i]) || line[i] == ':' || line[i] == '.'))
                {
                    i++;
                }

                if (i < line.Length && line[i] == ' ')
                {
                    line = SpanText.SkipSpaces(line[i..]);
                }
            }

            return line.Length > 0;
        }
    }
}

using System.Globalization;

namespace Palisade.Sandbox.Runtimes;

/// <summary>
/// Reads of /proc used to measure and to verify clean-up. Every read tolerates the process vanishing meanwhile.
/// </summary>
internal static class ProcFs
{
    public static IEnumerable<int> Pids()
    {
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>Parent pid and command name from /proc/PID/stat (comm may hold spaces and parentheses).</summary>
    public static (int ParentPid, string Comm)? Stat(int pid)
    {
        var text = TryRead($"/proc/{pid}/stat");
        if (text is null)
        {
            return null;
        }

        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return null;
        }

        var rest = text[(close + 2)..].Split(' ');
        return rest.Length > 1 && int.TryParse(rest[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
            ? (parent, text[(open + 1)..close])
            : null;
    }

    /// <summary>Peak resident set size (VmHWM) in bytes, or null for a zombie or a vanished process.</summary>
    public static long? PeakResidentBytes(int pid)
    {
        var text = TryRead($"/proc/{pid}/status");
        if (text is null)
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                    ? kib * 1024
                    : null;
            }
        }

        return null;
    }

    /// <summary>
    /// Proportional set size (Pss in smaps_rollup) in bytes: resident pages, each shared page divided among the
    /// processes sharing it, so a sum over processes counts shared binaries once. Null for a vanished process.
    /// </summary>
    public static long? ProportionalResidentBytes(int pid)
    {
        var text = TryRead($"/proc/{pid}/smaps_rollup");
        if (text is null)
        {
            return null;
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("Pss:", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib)
                    ? kib * 1024
                    : null;
            }
        }

        return null;
    }

    /// <summary>Every descendant of <paramref name="root"/> (not the root itself), with its command name.</summary>
    public static Dictionary<int, string> Descendants(int root)
    {
        var children = new Dictionary<int, List<(int Pid, string Comm)>>();
        foreach (var pid in Pids())
        {
            if (Stat(pid) is { } stat)
            {
                if (!children.TryGetValue(stat.ParentPid, out var list))
                {
                    list = [];
                    children[stat.ParentPid] = list;
                }

                list.Add((pid, stat.Comm));
            }
        }

        var found = new Dictionary<int, string>();
        var pending = new Stack<int>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            if (children.TryGetValue(pending.Pop(), out var list))
            {
                foreach (var (pid, comm) in list)
                {
                    if (found.TryAdd(pid, comm))
                    {
                        pending.Push(pid);
                    }
                }
            }
        }

        return found;
    }

    /// <summary>Processes (other than this one) whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> PidsWithCommandLineContaining(string text)
    {
        var self = Environment.ProcessId;
        var found = new List<int>();
        foreach (var pid in Pids())
        {
            if (pid != self && TryRead($"/proc/{pid}/cmdline") is { } commandLine && commandLine.Contains(text, StringComparison.Ordinal))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

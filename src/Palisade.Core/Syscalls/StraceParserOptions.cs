namespace Palisade.Core.Syscalls;

public sealed record StraceParserOptions
{
    /// <summary>
    /// Ignore every line until the first successful <c>execve</c> of this program (full path, or a path
    /// with the same file name), so the set-up work of <c>strace -f runc run</c> is left out.
    /// </summary>
    public string? StartAtExecOf { get; init; }

    public int RecentFailures { get; init; } = RunscLogParser.DefaultRecentFailures;
}

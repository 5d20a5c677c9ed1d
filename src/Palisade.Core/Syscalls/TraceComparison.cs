namespace Palisade.Core.Syscalls;

/// <summary>A syscall that failed with <see cref="Errno"/> under one runtime but never with that errno under the other.</summary>
public sealed record DivergentFailure(string Name, string Errno, long Count);

/// <summary>Compares two traces of the same workload: what fails only in the sandbox is the first place to look.</summary>
public static class TraceComparison
{
    public static IReadOnlyList<DivergentFailure> FailuresOnlyIn(SyscallTrace sandboxed, SyscallTrace? reference)
    {
        ArgumentNullException.ThrowIfNull(sandboxed);
        var result = new List<DivergentFailure>();
        foreach (var stat in sandboxed.Syscalls)
        {
            var other = reference?.Find(stat.Name);
            foreach (var (errno, count) in stat.Errors)
            {
                if (other is null || !other.Errors.ContainsKey(errno))
                {
                    result.Add(new DivergentFailure(stat.Name, errno, count));
                }
            }
        }

        return result.OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.Errno, StringComparer.Ordinal).ToList();
    }
}

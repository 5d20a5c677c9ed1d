namespace Palisade.Core.Seccomp;

/// <summary>The action names of the OCI runtime spec.</summary>
public static class SeccompActions
{
    public const string Kill = "SCMP_ACT_KILL";
    public const string KillProcess = "SCMP_ACT_KILL_PROCESS";
    public const string KillThread = "SCMP_ACT_KILL_THREAD";
    public const string Trap = "SCMP_ACT_TRAP";
    public const string Errno = "SCMP_ACT_ERRNO";
    public const string Trace = "SCMP_ACT_TRACE";
    public const string Allow = "SCMP_ACT_ALLOW";
    public const string Log = "SCMP_ACT_LOG";
    public const string Notify = "SCMP_ACT_NOTIFY";

    /// <summary>
    /// Most restrictive first, the precedence the kernel applies when several filters return (seccomp(2):
    /// KILL_PROCESS, KILL_THREAD, TRAP, ERRNO, USER_NOTIF, TRACE, LOG, ALLOW). <c>SCMP_ACT_KILL</c> is libseccomp's
    /// older name for KILL_THREAD.
    /// </summary>
    public static IReadOnlyList<string> ByStrictness { get; } = [KillProcess, KillThread, Kill, Trap, Errno, Notify, Trace, Log, Allow];

    public static bool IsKnown(string? action) => action is not null && ByStrictness.Contains(action, StringComparer.Ordinal);

    /// <summary>True for actions that let the call run (<c>ALLOW</c>, and <c>LOG</c> which allows and logs).</summary>
    public static bool Permits(string action) =>
        string.Equals(action, Allow, StringComparison.Ordinal) || string.Equals(action, Log, StringComparison.Ordinal);

    /// <summary>Rank in <see cref="ByStrictness"/>: lower is stricter; unknown actions rank last.</summary>
    internal static int Strictness(string action)
    {
        for (var i = 0; i < ByStrictness.Count; i++)
        {
            if (string.Equals(ByStrictness[i], action, StringComparison.Ordinal))
            {
                return string.Equals(action, Kill, StringComparison.Ordinal) ? i - 1 : i;
            }
        }

        return int.MaxValue;
    }
}

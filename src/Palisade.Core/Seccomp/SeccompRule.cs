namespace Palisade.Core.Seccomp;

/// <summary>One <c>syscalls[]</c> entry: the names it covers, its action, and optional argument conditions.</summary>
public sealed record SeccompRule(IReadOnlyList<string> Names, string Action, uint? ErrnoRet = null, IReadOnlyList<SeccompArg>? Args = null)
{
    public bool HasArgs => Args is { Count: > 0 };
}

namespace Palisade.Core.Seccomp;

/// <summary>
/// A seccomp profile in the OCI runtime-spec / Docker JSON shape (<c>defaultAction</c>, <c>defaultErrnoRet</c>,
/// <c>architectures</c>, <c>syscalls</c>). Actions and ops are kept as strings so that a profile read from disk
/// can carry invalid values for <see cref="SeccompValidator"/> to report.
/// </summary>
public sealed record SeccompProfile
{
    public required string DefaultAction { get; init; }

    public uint? DefaultErrnoRet { get; init; }

    public IReadOnlyList<string> Architectures { get; init; } = [];

    public IReadOnlyList<SeccompRule> Syscalls { get; init; } = [];
}

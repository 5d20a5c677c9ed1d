namespace Palisade.Core.Syscalls;

/// <summary>
/// One problem <c>palisade diagnose</c> reports: a syscall that failed with <see cref="Errno"/> (null when
/// runsc reported it unsupported without a failing call in the log), how often, and what to do.
/// </summary>
public sealed record DiagnoseFinding(string Syscall, string? Errno, long Count, string Support, string Suggestion)
{
    /// <summary>
    /// <c>blocking</c> (unsupported in gVisor with no fallback: the likely cause of a failure), <c>fallback</c>
    /// (unsupported, but callers fall back: harmless), <c>partial</c> (partly supported and failing) or <c>info</c>.
    /// </summary>
    public string Impact { get; init; } = "info";
}

namespace Palisade.Core.Syscalls;

/// <summary>
/// One problem <c>palisade diagnose</c> reports: a syscall that failed with <see cref="Errno"/> (null when
/// runsc reported it unsupported without a failing call in the log), how often, and what to do.
/// </summary>
public sealed record DiagnoseFinding(string Syscall, string? Errno, long Count, string Support, string Suggestion);

namespace Palisade.Core.Seccomp;

/// <summary>One thing wrong with a profile: a stable code, a message naming the syscall and rule, and where.</summary>
public sealed record SeccompProblem(string Code, string Message, int? RuleIndex = null, string? Syscall = null);

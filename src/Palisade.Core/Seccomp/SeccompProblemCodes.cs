namespace Palisade.Core.Seccomp;

/// <summary>The codes <see cref="SeccompValidator"/> reports.</summary>
public static class SeccompProblemCodes
{
    public const string InvalidDefaultAction = "invalid-default-action";
    public const string ErrnoWithoutErrnoAction = "errno-with-non-errno-action";
    public const string UnknownArchitecture = "unknown-architecture";
    public const string InvalidAction = "invalid-action";
    public const string EmptyNames = "empty-names";
    public const string EmptyName = "empty-name";
    public const string UnknownSyscall = "unknown-syscall";
    public const string DuplicateSyscall = "duplicate-syscall";
    public const string ConflictingRules = "conflicting-rules";
    public const string InvalidArgOp = "invalid-arg-op";
    public const string InvalidArgIndex = "invalid-arg-index";
}

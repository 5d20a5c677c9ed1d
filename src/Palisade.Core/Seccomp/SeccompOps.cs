namespace Palisade.Core.Seccomp;

/// <summary>The argument comparison operators of the OCI runtime spec.</summary>
public static class SeccompOps
{
    public const string NotEqual = "SCMP_CMP_NE";
    public const string LessThan = "SCMP_CMP_LT";
    public const string LessOrEqual = "SCMP_CMP_LE";
    public const string Equal = "SCMP_CMP_EQ";
    public const string GreaterOrEqual = "SCMP_CMP_GE";
    public const string GreaterThan = "SCMP_CMP_GT";
    public const string MaskedEqual = "SCMP_CMP_MASKED_EQ";

    public static IReadOnlyList<string> All { get; } = [NotEqual, LessThan, LessOrEqual, Equal, GreaterOrEqual, GreaterThan, MaskedEqual];

    public static bool IsKnown(string? op) => op is not null && All.Contains(op, StringComparer.Ordinal);
}

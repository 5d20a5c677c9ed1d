namespace Palisade.Core.Seccomp;

/// <summary>Architecture names of the OCI runtime spec and the host-to-ABI mapping Docker's default profile uses.</summary>
public static class SeccompArchitectures
{
    public const string X8664 = "SCMP_ARCH_X86_64";
    public const string X86 = "SCMP_ARCH_X86";
    public const string X32 = "SCMP_ARCH_X32";
    public const string Aarch64 = "SCMP_ARCH_AARCH64";
    public const string Arm = "SCMP_ARCH_ARM";

    /// <summary>Every architecture the OCI runtime spec names.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        X86, X8664, X32, Arm, Aarch64,
        "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32",
        "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE", "SCMP_ARCH_S390", "SCMP_ARCH_S390X",
        "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64",
        "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB",
    ];

    public static bool IsKnown(string? architecture) => architecture is not null && All.Contains(architecture, StringComparer.Ordinal);

    /// <summary>
    /// The native architecture of a host name (<c>x86_64</c>, <c>amd64</c>, <c>aarch64</c>, <c>arm64</c>, or an
    /// <c>SCMP_ARCH_*</c> name with a syscall table), or null when Palisade has no table for it.
    /// </summary>
    public static string? Native(string? host) => host?.Trim().ToUpperInvariant() switch
    {
        "X86_64" or "AMD64" or "X64" or X8664 => X8664,
        "AARCH64" or "ARM64" or Aarch64 => Aarch64,
        _ => null,
    };

    /// <summary>The native architecture followed by its compat ABIs, as Docker's default profile lists them; empty when unknown.</summary>
    public static IReadOnlyList<string> WithCompat(string host) => Native(host) switch
    {
        X8664 => [X8664, X86, X32],
        Aarch64 => [Aarch64, Arm],
        _ => [],
    };

    /// <summary>
    /// The native architecture whose syscall table Palisade uses to check names for <paramref name="architecture"/>:
    /// compat ABIs map to their 64-bit host, since profiles name syscalls once and libseccomp resolves them per ABI.
    /// </summary>
    internal static string? TableFamily(string architecture) => architecture switch
    {
        X8664 or X86 or X32 => X8664,
        Aarch64 or Arm => Aarch64,
        _ => Native(architecture),
    };
}

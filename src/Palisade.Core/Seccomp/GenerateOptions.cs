namespace Palisade.Core.Seccomp;

/// <summary>How <see cref="SeccompGenerator"/> builds a profile.</summary>
public sealed record GenerateOptions
{
    /// <summary>Host architecture (<c>x86_64</c>, <c>amd64</c>, <c>aarch64</c>, <c>arm64</c>, or <c>SCMP_ARCH_*</c>).</summary>
    public string Architecture { get; init; } = "x86_64";

    public SeccompDefaultAction DefaultAction { get; init; } = SeccompDefaultAction.Errno;

    /// <summary>The errno returned by the default action when it is <see cref="SeccompDefaultAction.Errno"/>; 1 is EPERM.</summary>
    public uint ErrnoRet { get; init; } = 1;

    /// <summary>Add <see cref="SeccompGenerator.RuntimeSyscalls"/>, which the runtime needs after installing the filter.</summary>
    public bool IncludeRuntimeSyscalls { get; init; } = true;
}

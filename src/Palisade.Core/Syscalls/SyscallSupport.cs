namespace Palisade.Core.Syscalls;

/// <summary>gVisor's support level for one syscall, from <c>runsc help syscalls</c>.</summary>
public enum SyscallSupport
{
    Unknown,
    Full,
    Partial,
    Unimplemented,
}

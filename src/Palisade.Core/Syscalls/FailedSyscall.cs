namespace Palisade.Core.Syscalls;

/// <summary>One failing syscall event, in trace order; <paramref name="Line"/> is the 1-based line it was read from.</summary>
public sealed record FailedSyscall(string Name, string Errno, int Pid, long Line);

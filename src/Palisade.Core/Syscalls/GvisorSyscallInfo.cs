namespace Palisade.Core.Syscalls;

public sealed record GvisorSyscallInfo(string Name, int Number, SyscallSupport Support, string Note);

namespace Palisade.Core.Syscalls;

/// <summary>A syscall runsc reported as <c>Unsupported syscall NAME(...)</c>, with how many times.</summary>
public sealed record UnsupportedSyscall(string Name, long Count);

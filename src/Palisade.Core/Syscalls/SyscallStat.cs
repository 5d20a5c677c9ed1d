namespace Palisade.Core.Syscalls;

/// <summary>How often one syscall completed in a trace, and its failures keyed by errno name (<c>ENOENT</c>).</summary>
public sealed record SyscallStat(string Name, long Count, IReadOnlyDictionary<string, long> Errors);

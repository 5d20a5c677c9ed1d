namespace Palisade.Core.Seccomp;

/// <summary>One <c>args[]</c> condition: compare syscall argument <paramref name="Index"/> with <paramref name="Value"/> using <paramref name="Op"/>.</summary>
public sealed record SeccompArg(uint Index, ulong Value, ulong? ValueTwo, string Op);

namespace Palisade.Core.Seccomp;

/// <summary>Allowed syscall names that the second profile adds and removes relative to the first, sorted.</summary>
public sealed record SeccompDiffResult(IReadOnlyList<string> Added, IReadOnlyList<string> Removed);

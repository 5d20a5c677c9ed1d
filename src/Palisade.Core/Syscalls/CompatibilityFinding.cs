namespace Palisade.Core.Syscalls;

/// <summary>
/// One syscall gVisor does not fully support, shaped like the <c>profile --format json</c> contract.
/// <see cref="Support"/> is runsc's word (<c>Unimplemented</c>, <c>Partial</c>); <see cref="Impact"/> is
/// <c>fallback</c>, <c>fatal</c> or <c>unknown</c> (see <see cref="CompatibilityAnalyzer"/>).
/// </summary>
public sealed record CompatibilityFinding(string Name, string Support, string Note, long Seen, string Impact);

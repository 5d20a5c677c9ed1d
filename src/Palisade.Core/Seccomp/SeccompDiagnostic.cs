namespace Palisade.Core.Seccomp;

/// <summary>Why a profile could not be read: 1-based line and column when known, and the JSON path.</summary>
public sealed record SeccompDiagnostic(string Code, string Message, string Source, long? Line = null, long? Column = null, string? Path = null);

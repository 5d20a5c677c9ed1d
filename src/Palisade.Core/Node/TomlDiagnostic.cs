namespace Palisade.Core.Node;

/// <summary>A problem reading a TOML file, with its 1-based line and column.</summary>
public sealed record TomlDiagnostic(string File, int Line, int Column, string Message)
{
    /// <summary>FILE:LINE:COLUMN: MESSAGE.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

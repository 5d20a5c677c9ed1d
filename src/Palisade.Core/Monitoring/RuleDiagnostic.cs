namespace Palisade.Core.Monitoring;

/// <summary>A problem in a rules file, with its position (1-based line and column).</summary>
public sealed record RuleDiagnostic(string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

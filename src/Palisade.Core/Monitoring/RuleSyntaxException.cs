namespace Palisade.Core.Monitoring;

/// <summary>Raised inside the rules loader only; it becomes a <see cref="RuleDiagnostic"/> before leaving it.</summary>
internal sealed class RuleSyntaxException(int line, int column, string message) : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;
}

namespace Palisade.Core.Gate;

/// <summary>A bad input (suppressions, baseline, report, policy): <c>file:line:col: message</c>, exit code 2.</summary>
public sealed record GateInputProblem(string Source, int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}: {Message}" : $"{Source}: {Message}";
}

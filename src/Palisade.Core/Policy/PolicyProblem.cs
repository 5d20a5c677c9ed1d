namespace Palisade.Core.Policy;

/// <summary>One problem in a policy file; <see cref="Line"/> and <see cref="Column"/> are 1-based, 0 when unknown.</summary>
public sealed record PolicyProblem(string Source, int Line, int Column, string Message)
{
    /// <summary><c>file:line:col: message</c>, or <c>file: message</c> when the position is unknown.</summary>
    public override string ToString() => Line > 0 ? $"{Source}:{Line}:{Column}: {Message}" : $"{Source}: {Message}";
}

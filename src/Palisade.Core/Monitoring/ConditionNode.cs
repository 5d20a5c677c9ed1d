namespace Palisade.Core.Monitoring;

/// <summary>A parsed rule condition. Positions are 1-based file line and column.</summary>
internal abstract record ConditionNode(int Line, int Column);

internal sealed record AndNode(ConditionNode Left, ConditionNode Right) : ConditionNode(Left.Line, Left.Column);

internal sealed record OrNode(ConditionNode Left, ConditionNode Right) : ConditionNode(Left.Line, Left.Column);

internal sealed record NotNode(ConditionNode Operand, int Line, int Column) : ConditionNode(Line, Column);

internal sealed record MacroRefNode(string Name, int Line, int Column) : ConditionNode(Line, Column);

/// <summary>A field compared with values; <see cref="Values"/> may name lists, expanded when compiled.</summary>
internal sealed record CompareNode(string Field, string Operator, IReadOnlyList<string> Values, bool IsList, int Line, int Column) : ConditionNode(Line, Column);

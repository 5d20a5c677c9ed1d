namespace Palisade.Core.Manifests;

/// <summary>A 1-based line and column in a source file.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    public static SourcePosition Unknown { get; } = new(0, 0);

    public bool IsKnown => Line > 0;
}

namespace Palisade.Core.Policy.Export;

/// <summary>Something the target cannot express: what is lost, for which tier (null: the whole policy).</summary>
public sealed record ExportLoss(string? Tier, string What)
{
    public override string ToString() => Tier is null ? What : $"tier {Tier}: {What}";
}

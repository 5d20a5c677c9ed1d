namespace Palisade.Core.Admission;

/// <summary>metav1.GroupVersionKind (the core group is the empty string).</summary>
public sealed record GroupVersionKind
{
    public string? Group { get; init; }

    public string? Version { get; init; }

    public string? Kind { get; init; }
}

namespace Palisade.Core.Admission;

/// <summary>metav1.GroupVersionResource (the core group is the empty string).</summary>
public sealed record GroupVersionResource
{
    public string? Group { get; init; }

    public string? Version { get; init; }

    public string? Resource { get; init; }
}

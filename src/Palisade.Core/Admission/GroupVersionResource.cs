namespace Palisade.Core.Admission;

/// <summary>metav1.GroupVersionResource (the core group is the empty string).</summary>
public sealed record GroupVersionResource(string? Group, string? Version, string? Resource);

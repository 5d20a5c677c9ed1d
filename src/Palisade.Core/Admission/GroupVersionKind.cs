namespace Palisade.Core.Admission;

/// <summary>metav1.GroupVersionKind (the core group is the empty string).</summary>
public sealed record GroupVersionKind(string? Group, string? Version, string? Kind);

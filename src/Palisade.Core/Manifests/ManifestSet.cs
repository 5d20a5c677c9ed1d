namespace Palisade.Core.Manifests;

/// <summary>What a load produced: every object read, and every problem met. A load never throws on bad input.</summary>
public sealed record ManifestSet(IReadOnlyList<ManifestObject> Objects, IReadOnlyList<ManifestDiagnostic> Diagnostics, int Files);

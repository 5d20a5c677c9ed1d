using Palisade.Core.Manifests;
using Palisade.Core.PodSecurity;

namespace Palisade.Core.Checking;

/// <summary>One failed check on one object, located at the offending field (or the object lacking it).</summary>
public sealed record ViolationResult(string Check, string Reason, string Message, SourcePosition Position);

/// <summary>The verdict for one pod-bearing object.</summary>
public sealed record ObjectResult
{
    public required string Source { get; init; }

    public required int Document { get; init; }

    public int? Item { get; init; }

    public required SourcePosition Position { get; init; }

    public required string Kind { get; init; }

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public required LevelVersion Policy { get; init; }

    /// <summary>Where the policy came from: <c>default</c>, <c>flag</c>, or <c>namespace NAME</c>.</summary>
    public required string PolicySource { get; init; }

    public required IReadOnlyList<ViolationResult> Violations { get; init; }

    /// <summary>Upstream's text: <c>violates PodSecurity "restricted:latest": ...</c>, or null when allowed.</summary>
    public string? Denial { get; init; }

    /// <summary>The runtime-policy tier that matched, when checked with a runtime policy.</summary>
    public string? Tier { get; init; }

    /// <summary>Why <see cref="Tier"/> matched.</summary>
    public string? TierReason { get; init; }

    /// <summary>The runtime class the pod runs with once admitted (its own or the tier's), when checked with a runtime policy.</summary>
    public string? RuntimeClass { get; init; }

    /// <summary>The JSON Patch admission applies to the object; empty without a runtime policy.</summary>
    public IReadOnlyList<Policy.JsonPatchOperation> Patch { get; init; } = [];

    public bool Allowed => Violations.Count == 0;

    /// <summary><c>Kind ns/name</c>, as people write it.</summary>
    public string DisplayName => $"{Kind} {(Namespace is null ? "" : Namespace + "/")}{Name ?? "(unnamed)"}";
}

/// <summary>An object that carries no pod (Service, ConfigMap, a CRD...), counted and reported but not evaluated.</summary>
public sealed record SkippedObject(string Source, int Document, int? Item, SourcePosition Position, string Kind, string? Name, string Reason);

public sealed record CheckSummary(int Objects, int Allowed, int Denied, int Skipped, int Errors, int Files);

/// <summary>Everything <c>check</c> found. <see cref="Warnings"/> hold namespace-label problems, which never stop evaluation.</summary>
public sealed record CheckReport(
    IReadOnlyList<ObjectResult> Results,
    IReadOnlyList<SkippedObject> Skipped,
    IReadOnlyList<ManifestDiagnostic> Errors,
    IReadOnlyList<ManifestDiagnostic> Warnings,
    CheckSummary Summary)
{
    /// <summary>True when any input could not be read.</summary>
    public bool HasInputErrors => Errors.Count > 0;

    /// <summary>True when any object was denied.</summary>
    public bool HasDenials => Summary.Denied > 0;
}

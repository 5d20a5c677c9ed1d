namespace Palisade.Sandbox.Gate;

/// <summary>What <c>palisade gate</c> was asked to weigh: paths as given on the command line.</summary>
public sealed record GateRequest
{
    public IReadOnlyList<string> Manifests { get; init; } = [];

    public IReadOnlyList<string> Images { get; init; } = [];

    public IReadOnlyList<string> Scans { get; init; } = [];

    /// <summary>A RuntimePolicy file, <c>builtin</c>, or null for the built-in one.</summary>
    public string? Policy { get; init; }

    public string? Suppressions { get; init; }

    public string? Baseline { get; init; }

    /// <summary>Run the canary; null: no canary.</summary>
    public CanaryOptions? Canary { get; init; }
}

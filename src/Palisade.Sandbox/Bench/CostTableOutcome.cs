namespace Palisade.Sandbox.Bench;

/// <summary>What became of a <c>bench</c> run's figures as the cost table assess predicts overhead from.</summary>
/// <param name="StoredFile">The file they were stored in, or null when they were not.</param>
/// <param name="NoisyFigures">When not stored for noise: the figures that were too noisy ("getpid runsc ±41%"); empty otherwise.</param>
public sealed record CostTableOutcome(string? StoredFile, IReadOnlyList<string> NoisyFigures);

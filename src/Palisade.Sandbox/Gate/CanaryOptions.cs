namespace Palisade.Sandbox.Gate;

/// <summary>How long the canary may run each image, and whether it is a job (must exit 0) or a service (must stay up for <see cref="Duration"/>).</summary>
public sealed record CanaryOptions(TimeSpan Duration, bool Service);

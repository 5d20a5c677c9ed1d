namespace Palisade.Sandbox.Bench;

/// <summary>Whether a runtime (and runsc platform) can be measured on this host, and why (not).</summary>
public sealed record RuntimeAvailability(string Runtime, string? Platform, bool Available, string Reason);

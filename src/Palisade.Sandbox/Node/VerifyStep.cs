namespace Palisade.Sandbox.Node;

/// <summary>One step of <c>node verify</c>'s pod lifecycle, as the kubelet would take it through the CRI.</summary>
/// <param name="Name">What was done (e.g. "StopContainer sleeper").</param>
/// <param name="Passed">Whether it did what the kubelet needs, within its bound.</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Detail">What was seen, or the CRI error.</param>
public sealed record VerifyStep(string Name, bool Passed, double Seconds, string Detail);

namespace Palisade.Core.Cis;

/// <summary>Where a CIS check is evaluated: the image (config, history, layers) or the pod spec that runs it.</summary>
public enum CisScope
{
    Image,
    Pod,
}

/// <summary>
/// One CIS Docker Benchmark v1.6.0 check Palisade evaluates without Docker.
/// </summary>
/// <param name="Id">The benchmark's id, <c>4.1</c>, <c>5.12</c>.</param>
/// <param name="Title">The benchmark's title, shortened.</param>
/// <param name="Scope">What it reads.</param>
/// <param name="Fails">True: a finding fails the gate. False: the benchmark marks it Manual or informational, so it warns.</param>
/// <param name="Runsc">What the check means under gVisor (runsc) when that differs from runc; null when it does not.</param>
public sealed record CisCheck(string Id, string Title, CisScope Scope, bool Fails, string? Runsc = null);

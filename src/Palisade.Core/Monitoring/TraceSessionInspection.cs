namespace Palisade.Core.Monitoring;

/// <summary>What <see cref="TraceSession.Inspect"/> found in a pod-init-config file.</summary>
/// <param name="RemoteEndpoints">The Unix socket paths of its remote sinks.</param>
/// <param name="Points">The trace points it enables.</param>
/// <param name="Problem">Why the file is unusable, or null.</param>
public sealed record TraceSessionInspection(IReadOnlyList<string> RemoteEndpoints, IReadOnlyList<string> Points, string? Problem)
{
    /// <summary>Whether the session streams to at least one remote sink (a monitor can receive it).</summary>
    public bool Streams => Problem is null && RemoteEndpoints.Count > 0 && Points.Count > 0;
}

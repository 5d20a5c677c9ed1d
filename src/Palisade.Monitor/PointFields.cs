namespace Palisade.Monitor;

/// <summary>The fields one point adds to its context's, gathered before the event is made (one allocation per event).</summary>
internal readonly record struct PointFields
{
    public string? ExePath { get; init; }

    public IReadOnlyList<string>? Argv { get; init; }

    public string? FdName { get; init; }

    public string? ServerIp { get; init; }

    public int? ServerPort { get; init; }

    public long? OpenFlags { get; init; }

    public long? Result { get; init; }
}

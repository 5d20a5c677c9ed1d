namespace Palisade.Sandbox.Runtimes;

/// <summary>The command line of one run and what must be cleaned up after it.</summary>
internal sealed record LaunchPlan(
    string FileName,
    IReadOnlyList<string> Arguments,
    string? Platform,
    Func<string, bool> CountsForMemory)
{
    /// <summary>runc or runsc binary for <c>kill</c> and <c>delete</c>; null for native runs.</summary>
    public string? RuntimeBinary { get; init; }

    /// <summary>The private <c>--root</c> state folder; removed after the run.</summary>
    public string? StateRoot { get; init; }

    /// <summary>Replaces the inherited environment when set (native runs use the bundle's process.env).</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Environment { get; init; }

    public string? WorkingDirectory { get; init; }

    public string? StraceFile { get; init; }

    public string? RunscLogDirectory { get; init; }
}

namespace Palisade.Core.Node;

/// <summary>What the config checks need to know about the host, supplied by the caller (Core reads no files of its own).</summary>
/// <param name="PathExists">Whether a file exists.</param>
/// <param name="FindOnPath">The absolute path of a program on PATH, or null.</param>
/// <param name="CanLowerOomScoreAdj">Whether containers may be given a negative oom_score_adj (CAP_SYS_RESOURCE); null when unknown.</param>
/// <param name="FilesIn">The file names in a folder (empty when it does not exist).</param>
public sealed record NodeHostView(Func<string, bool> PathExists, Func<string, string?> FindOnPath, bool? CanLowerOomScoreAdj, Func<string, IReadOnlyList<string>> FilesIn)
{
    /// <summary>Whether a runc shim's BinaryName runs Palisade's runsc adapter (the adapter, or a wrapper that execs it).</summary>
    public Func<string, bool> RunsRunscAdapter { get; init; } = _ => false;

    /// <summary>A small text file's content (a wrapper script, runsc's options, a trace session), or null when absent or unreadable.</summary>
    public Func<string, string?> ReadSmallText { get; init; } = _ => null;
}

namespace Palisade.Core.Node;

/// <summary>The settings of a complete, self-contained containerd config (paths of its own, so it never meets the node's).</summary>
public sealed record StandaloneContainerd
{
    /// <summary>containerd's persistent root.</summary>
    public required string Root { get; init; }

    /// <summary>containerd's state folder.</summary>
    public required string State { get; init; }

    /// <summary>The gRPC socket.</summary>
    public required string Address { get; init; }

    /// <summary>The pod sandbox ("pause") image, or null for containerd's default.</summary>
    public string? SandboxImage { get; init; }

    /// <summary>CNI configuration folder, or null for containerd's default.</summary>
    public string? CniConfDir { get; init; }

    /// <summary>CNI plugin binaries folder, or null for containerd's default.</summary>
    public string? CniBinDir { get; init; }

    /// <summary>
    /// Keep containers' oom_score_adj at or above containerd's own (<c>restrict_oom_score_adj</c>): needed where the
    /// process may not lower it (no CAP_SYS_RESOURCE, as in many nested environments).
    /// </summary>
    public bool RestrictOomScoreAdj { get; init; }

    /// <summary>The default handler, or null for runc.</summary>
    public string? DefaultRuntime { get; init; }
}

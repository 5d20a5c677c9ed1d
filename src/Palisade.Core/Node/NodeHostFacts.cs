namespace Palisade.Core.Node;

/// <summary>A runtime binary on the node: where it is and the first line of its version output (null when unreadable).</summary>
public sealed record NodeTool(string Path, string? Version);

/// <summary>Whether one runsc platform can run on the node, and why (not).</summary>
public sealed record NodePlatform(string Name, bool Available, string Reason);

/// <summary>What <c>node doctor</c> knows about the host, gathered by its probes (Sandbox) and judged by <see cref="NodeHostRules"/>.</summary>
public sealed record NodeHostFacts
{
    /// <summary>The kernel release (/proc/sys/kernel/osrelease).</summary>
    public required string KernelRelease { get; init; }

    /// <summary>runc, or null when missing.</summary>
    public NodeTool? Runc { get; init; }

    /// <summary>runsc, or null when missing.</summary>
    public NodeTool? Runsc { get; init; }

    /// <summary>The runsc release date (20221219), or null.</summary>
    public int? RunscReleaseDate { get; init; }

    /// <summary>runsc's platforms.</summary>
    public IReadOnlyList<NodePlatform> RunscPlatforms { get; init; } = [];

    /// <summary>Each containerd shim of <see cref="NodeHostRules.Shims"/> with its path, or null when not on PATH.</summary>
    public IReadOnlyDictionary<string, string?> Shims { get; init; } = new Dictionary<string, string?>();

    /// <summary>/dev/kvm exists.</summary>
    public bool Kvm { get; init; }

    /// <summary>The unified cgroup hierarchy (cgroup v2).</summary>
    public bool CgroupV2 { get; init; }

    /// <summary>/proc/sys/user/max_user_namespaces, or null when unreadable.</summary>
    public string? MaxUserNamespaces { get; init; }

    /// <summary>The kernel has seccomp.</summary>
    public bool Seccomp { get; init; }

    /// <summary>Processes here may lower oom_score_adj (CAP_SYS_RESOURCE); null when unknown.</summary>
    public bool? CanLowerOomScoreAdj { get; init; }
}

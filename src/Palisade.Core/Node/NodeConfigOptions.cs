namespace Palisade.Core.Node;

/// <summary>What <c>node config</c> generates: which runtimes, for which containerd, and how runsc is wired.</summary>
public sealed record NodeConfigOptions
{
    /// <summary>The runtimes to register (runc is always kept as the default handler).</summary>
    public IReadOnlyList<NodeRuntime> Runtimes { get; init; } = [NodeRuntime.Runsc];

    /// <summary>The containerd release line.</summary>
    public ContainerdMajor Containerd { get; init; } = ContainerdMajor.V1;

    /// <summary>How containerd drives runsc.</summary>
    public RunscShim RunscShim { get; init; } = RunscShim.Runsc;

    /// <summary>runsc's <c>--platform</c> (ptrace, systrap, kvm), or null for the installed release's default.</summary>
    public string? RunscPlatform { get; init; }

    /// <summary>runsc's <c>--network</c> (sandbox, host, none), or null for its default (sandbox).</summary>
    public string? RunscNetwork { get; init; }

    /// <summary>runsc's <c>--pod-init-config</c>: the trace session file <c>palisade monitor config</c> writes, or null for none.</summary>
    public string? RunscPodInitConfig { get; init; }

    /// <summary>The runsc binary.</summary>
    public string RunscPath { get; init; } = "/usr/bin/runsc";

    /// <summary>Where the runsc wrapper goes (runc shim only).</summary>
    public string RunscWrapperPath { get; init; } = "/usr/local/bin/runsc-cri";

    /// <summary>
    /// The runsc adapter the wrapper runs (runc shim only): it makes logs, exits, stop and delete work under the runc
    /// shim. Null writes the plain wrapper of earlier releases, which does not (kept to show the difference).
    /// </summary>
    public string? RunscAdapterPath { get; init; } = DefaultRunscAdapterPath;

    /// <summary>Where <c>node config runsc --install</c> puts the adapter.</summary>
    public const string DefaultRunscAdapterPath = "/usr/local/lib/palisade/runsc-shim-adapter";

    /// <summary>Where the runsc shim's options file goes (runsc shim only).</summary>
    public string RunscConfigPath { get; init; } = "/etc/containerd/runsc.toml";

    /// <summary>Kata's configuration file.</summary>
    public string KataConfigPath { get; init; } = "/opt/kata/share/defaults/kata-containers/configuration.toml";

    /// <summary>The handler names: runc, runsc, kata unless changed.</summary>
    public IReadOnlyDictionary<NodeRuntime, string> Handlers { get; init; } = new Dictionary<NodeRuntime, string>
    {
        [NodeRuntime.Runc] = "runc",
        [NodeRuntime.Runsc] = "runsc",
        [NodeRuntime.Kata] = "kata",
    };

    /// <summary>The CRI settings of a complete config; null for a drop-in (handler sections only).</summary>
    public CriSettings? Cri { get; init; }

    /// <summary>For a throwaway containerd: its own root, state and socket (with <see cref="Cri"/>); null for the node's.</summary>
    public StandaloneContainerd? Standalone { get; init; }

    /// <summary>The handler name of <paramref name="runtime"/>.</summary>
    public string HandlerOf(NodeRuntime runtime) => Handlers.TryGetValue(runtime, out var name) ? name : runtime.ToString().ToLowerInvariant();
}

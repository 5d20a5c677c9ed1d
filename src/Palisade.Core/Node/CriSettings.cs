namespace Palisade.Core.Node;

/// <summary>
/// The CRI plugin settings of a complete containerd config (one containerd loads on its own, with no other file):
/// what this host needs beside the runtime handlers.
/// </summary>
public sealed record CriSettings
{
    /// <summary>Where containernetworking-plugins puts the plugins on Debian and Ubuntu.</summary>
    public const string DebianCniBinDir = "/usr/lib/cni";

    /// <summary>containerd's own default plugin folder (upstream CNI release tarballs).</summary>
    public const string DefaultCniBinDir = "/opt/cni/bin";

    /// <summary>Where CNI configs live (the cluster's CNI writes its config there).</summary>
    public const string DefaultCniConfDir = "/etc/cni/net.d";

    /// <summary>The pod sandbox ("pause") image, or null for containerd's default.</summary>
    public string? SandboxImage { get; init; }

    /// <summary>CNI configuration folder, or null for containerd's default (/etc/cni/net.d).</summary>
    public string? CniConfDir { get; init; }

    /// <summary>CNI plugin binaries folder, or null for containerd's default (/opt/cni/bin).</summary>
    public string? CniBinDir { get; init; }

    /// <summary>
    /// Keep containers' oom_score_adj at or above containerd's own (<c>restrict_oom_score_adj</c>): needed where the
    /// process may not lower it (no CAP_SYS_RESOURCE, as in many nested environments).
    /// </summary>
    public bool RestrictOomScoreAdj { get; init; }

    /// <summary>The default handler, or null for runc's handler (written out either way).</summary>
    public string? DefaultRuntime { get; init; }

    /// <summary>The settings a host with these facts needs: restrict_oom_score_adj where it cannot lower oom_score_adj, Debian's CNI folder where it exists.</summary>
    public static CriSettings For(NodeHostView host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return new CriSettings
        {
            RestrictOomScoreAdj = host.CanLowerOomScoreAdj == false,
            CniConfDir = DefaultCniConfDir,
            CniBinDir = host.FilesIn(DebianCniBinDir).Count > 0 ? DebianCniBinDir : DefaultCniBinDir,
        };
    }
}

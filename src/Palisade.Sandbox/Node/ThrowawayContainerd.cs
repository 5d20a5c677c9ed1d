using Palisade.Core.Node;

namespace Palisade.Sandbox.Node;

/// <summary>
/// A containerd of its own in a temporary folder, configured by Palisade's generator: root, state, socket, a CNI
/// network (ptp + host-local, from the containernetworking-plugins package) and, for runsc under the runc shim, the
/// generated wrapper. For trying a generated config, and for the tests, without touching the node's containerd.
/// </summary>
public static class ThrowawayContainerd
{
    /// <summary>containernetworking-plugins' folder on Debian.</summary>
    public const string CniBinDir = "/usr/lib/cni";

    /// <summary>A /24 for the probe pods (host-local IPAM keeps its leases in the folder).</summary>
    public const string PodSubnet = "10.88.240.0/24";

    /// <summary>The options with <see cref="NodeConfigOptions.Standalone"/> pointing into <paramref name="folder"/>.</summary>
    public static NodeConfigOptions Configure(string folder, NodeConfigOptions options, string? defaultRuntime = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options with
        {
            RunscWrapperPath = Path.Combine(folder, "runsc-cri"),
            RunscConfigPath = Path.Combine(folder, "runsc.toml"),
            Standalone = new StandaloneContainerd
            {
                Root = Path.Combine(folder, "root"),
                State = Path.Combine(folder, "state"),
                Address = Path.Combine(folder, "containerd.sock"),
            },
            Cri = new CriSettings
            {
                SandboxImage = ProbeImages.DefaultPauseReference,
                CniBinDir = CniBinDir,
                CniConfDir = Path.Combine(folder, "cni"),
                RestrictOomScoreAdj = NodeHostProbe.CanLowerOomScoreAdj() == false,
                DefaultRuntime = defaultRuntime,
            },
        };
    }

    /// <summary>Writes config.toml, the runsc side file and the CNI network into <paramref name="folder"/>; returns the config path.</summary>
    public static string WriteFiles(string folder, NodeConfigOptions configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var config = Path.Combine(folder, "config.toml");
        File.WriteAllText(config, ContainerdConfigGenerator.Generate(configured));
        if (configured.Runtimes.Contains(NodeRuntime.Runsc))
        {
            var side = RunscSideFile.PathOf(configured);
            File.WriteAllText(side, RunscSideFile.Generate(configured));
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(side, (UnixFileMode)0b111_101_101);
            }
        }

        var cni = Directory.CreateDirectory(Path.Combine(folder, "cni")).FullName;
        File.WriteAllText(Path.Combine(cni, "10-palisade.conflist"), $$$"""
            {"cniVersion": "0.4.0", "name": "palisade-throwaway", "plugins": [
              {"type": "ptp", "ipMasq": false, "ipam": {"type": "host-local", "subnet": "{{{PodSubnet}}}", "dataDir": "{{{Path.Combine(folder, "cni-ipam")}}}"}}]}
            """);
        return config;
    }

    /// <summary>Writes the files and starts containerd on them.</summary>
    public static async Task<ContainerdDaemon> StartAsync(string folder, NodeConfigOptions configured, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var config = WriteFiles(folder, configured);
        return await ContainerdDaemon.StartAsync(config, configured.Standalone!.Address, folder, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
    }
}

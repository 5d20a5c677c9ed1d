using System.Globalization;
using Palisade.Core.Node;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Node;

/// <summary>
/// The host facts <c>node doctor</c> judges (its rules are <see cref="NodeHostRules"/> and <see cref="NodeDoctor"/> in
/// Core): runtimes and their versions, shims on PATH, /proc and /sys. Reads the host; decides nothing.
/// </summary>
public static class NodeHostProbe
{
    private const int CapSysResource = 24;
    private const long WrapperSizeLimit = 64 * 1024;

    /// <summary>The host view the config checks use: real files, real PATH, real capabilities.</summary>
    public static NodeHostView View() => new(File.Exists, RuntimeProbe.Locate, CanLowerOomScoreAdj(), FilesIn)
    {
        RunsRunscAdapter = RunsRunscAdapter,
        ReadSmallText = ReadSmallText,
    };

    /// <summary>Gathers the host's facts.</summary>
    public static async Task<NodeHostFacts> GatherAsync(CancellationToken ct)
    {
        var inventory = await RuntimeProbe.ProbeAsync(ct).ConfigureAwait(false);
        return new NodeHostFacts
        {
            KernelRelease = Read("/proc/sys/kernel/osrelease") ?? "unknown",
            Runc = inventory.Runc is { } runc ? new NodeTool(runc.Path, runc.Version) : null,
            Runsc = inventory.Runsc is { } runsc ? new NodeTool(runsc.Path, runsc.Version) : null,
            RunscReleaseDate = inventory.RunscReleaseDate,
            RunscPlatforms = [.. inventory.RunscPlatforms.Select(p => new NodePlatform(p.Name, p.Available, p.Reason))],
            Shims = NodeHostRules.Shims.ToDictionary(s => s, RuntimeProbe.Locate, StringComparer.Ordinal),
            Kvm = File.Exists("/dev/kvm"),
            CgroupV2 = File.Exists("/sys/fs/cgroup/cgroup.controllers"),
            MaxUserNamespaces = Read("/proc/sys/user/max_user_namespaces"),
            Seccomp = (Read("/proc/self/status") ?? "").Contains("Seccomp:", StringComparison.Ordinal),
            CanLowerOomScoreAdj = CanLowerOomScoreAdj(),
        };
    }

    /// <summary>CAP_SYS_RESOURCE in the effective set decides whether a negative oom_score_adj may be written.</summary>
    internal static bool? CanLowerOomScoreAdj()
    {
        var line = (Read("/proc/self/status") ?? "").Split('\n').FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        return line is not null && ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var caps)
            ? (caps & (1UL << CapSysResource)) != 0
            : null;
    }

    private static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()] : [];

    /// <summary>A BinaryName that is the adapter itself, or a small wrapper script that runs it.</summary>
    private static bool RunsRunscAdapter(string path)
    {
        if (Path.GetFileName(path) == NodeInstaller.AdapterFileName)
        {
            return File.Exists(path);
        }

        var file = new FileInfo(path);
        return file.Exists && file.Length < WrapperSizeLimit && (Read(path) ?? "").Contains(NodeInstaller.AdapterFileName, StringComparison.Ordinal);
    }

    private static string? ReadSmallText(string path)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length < WrapperSizeLimit ? Read(path) : null;
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Globalization;
using Palisade.Core.Node;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Node;

/// <summary>What this host can run and why not: runtimes, shims, kernel features, KVM. Reads /proc and /sys, runs version commands.</summary>
public static class NodeHostProbe
{
    /// <summary>The shims containerd starts for runc, gVisor and Kata.</summary>
    public static readonly IReadOnlyList<string> Shims = ["containerd-shim-runc-v2", "containerd-shim-runsc-v1", "containerd-shim-kata-v2"];

    private const int CapSysResource = 24;

    /// <summary>The host view the config checks use: real files, real PATH, real capabilities.</summary>
    public static NodeHostView View() => new(File.Exists, RuntimeProbe.Locate, CanLowerOomScoreAdj(), FilesIn);

    private static IReadOnlyList<string> FilesIn(string folder) =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder).Select(Path.GetFileName).OfType<string>()] : [];

    /// <summary>Every host finding, errors first.</summary>
    public static async Task<IReadOnlyList<NodeFinding>> ProbeAsync(CancellationToken ct)
    {
        var inventory = await RuntimeProbe.ProbeAsync(ct).ConfigureAwait(false);
        var kernel = Read("/proc/sys/kernel/osrelease") ?? "unknown";
        var findings = new List<NodeFinding>();

        findings.Add(inventory.Runc is { } runc
            ? new NodeFinding(FindingSeverity.Info, "runc", $"runc: {runc.Version ?? "version unknown"} at {runc.Path}", "runc runs ordinary pods (the default handler)", "")
            : new NodeFinding(FindingSeverity.Error, "runc", "runc is not installed", "containerd's runc shim needs it: no ordinary pod can start", "apt-get install -y runc"));

        if (inventory.Runsc is { } runsc)
        {
            var platforms = string.Join("; ", inventory.RunscPlatforms.Select(p => $"{p.Name} {(p.Available ? "yes" : "no")} ({p.Reason})"));
            findings.Add(new NodeFinding(FindingSeverity.Info, "runsc", $"runsc: {runsc.Version ?? "version unknown"} at {runsc.Path}; platforms: {platforms}", "gVisor handlers can run here", ""));
            if (inventory.RunscReleaseDate is <= 20221219 && KernelMajor(kernel) >= 6)
            {
                findings.Add(new NodeFinding(FindingSeverity.Warning, "runsc-network-sandbox",
                    $"runsc release {inventory.RunscReleaseDate} on kernel {kernel}: its network=sandbox mode fails",
                    "this release decides it is in the root network namespace when /proc/sys/net/core/rmem_default exists, which newer kernels have in every namespace: pods fail with \"cannot run with network enabled in root network namespace\" (seen on this machine)",
                    "give runsc --network=none (or host) in its flags: palisade node config runsc --runsc-network none; or install a newer gVisor release"));
            }
        }
        else
        {
            findings.Add(new NodeFinding(FindingSeverity.Warning, "runsc", "runsc (gVisor) is not installed", "no gVisor handler can work on this node", "apt-get install -y runsc"));
        }

        foreach (var shim in Shims)
        {
            var path = RuntimeProbe.Locate(shim);
            findings.Add(path is not null
                ? new NodeFinding(FindingSeverity.Info, "shim", $"{shim} at {path}", $"handlers with runtime_type {RuntimeTypeOf(shim)} can start", "")
                : shim switch
                {
                    "containerd-shim-runsc-v1" => new NodeFinding(FindingSeverity.Warning, "shim", $"{shim} is not on PATH", "runtime_type io.containerd.runsc.v1 cannot work; Debian's runsc package does not ship this shim", "install it from gVisor's release, or use the runc shim with runsc: palisade node config containerd --runsc-shim runc"),
                    "containerd-shim-kata-v2" => new NodeFinding(FindingSeverity.Info, "shim", $"{shim} is not on PATH", "Kata Containers is not installed (it is not packaged for this distribution)", "install Kata Containers where KVM is available"),
                    _ => new NodeFinding(FindingSeverity.Error, "shim", $"{shim} is not on PATH", "containerd cannot start runc pods", "apt-get install -y containerd"),
                });
        }

        findings.Add(File.Exists("/dev/kvm")
            ? new NodeFinding(FindingSeverity.Info, "kvm", "/dev/kvm is present", "Kata and runsc's kvm platform can use hardware virtualisation", "")
            : new NodeFinding(FindingSeverity.Warning, "kvm", "/dev/kvm does not exist", "Kata Containers cannot run on this node, and runsc cannot use its kvm platform (ptrace/systrap still work)", "use a machine with nested or bare-metal virtualisation for Kata"));

        var cgroup2 = File.Exists("/sys/fs/cgroup/cgroup.controllers");
        findings.Add(new NodeFinding(FindingSeverity.Info, "cgroups", cgroup2 ? "cgroup v2 (unified)" : "cgroup v1",
            cgroup2 ? "containerd, runc and runsc all support it" : "supported by containerd 1.x, runc and runsc; containerd 2.x and newer Kubernetes releases prefer cgroup v2", ""));

        var userns = Read("/proc/sys/user/max_user_namespaces");
        findings.Add(userns is null or "0"
            ? new NodeFinding(FindingSeverity.Warning, "userns", "user namespaces are disabled", "pods with hostUsers: false cannot start; rootless runtimes do not work", "sysctl -w user.max_user_namespaces=15000")
            : new NodeFinding(FindingSeverity.Info, "userns", $"user namespaces enabled (max {userns})", "pods with hostUsers: false can run under runc", ""));

        var seccomp = (Read("/proc/self/status") ?? "").Contains("Seccomp:", StringComparison.Ordinal);
        findings.Add(seccomp
            ? new NodeFinding(FindingSeverity.Info, "seccomp", "seccomp filtering is available", "RuntimeDefault and Localhost seccomp profiles work under runc (runsc applies them with --oci-seccomp)", "")
            : new NodeFinding(FindingSeverity.Error, "seccomp", "the kernel has no seccomp", "runsc needs seccomp for its own sandbox, and seccomp profiles cannot apply", "use a kernel built with CONFIG_SECCOMP_FILTER"));

        if (CanLowerOomScoreAdj() == false)
        {
            findings.Add(new NodeFinding(FindingSeverity.Warning, "oom-score-adj", "processes here may not lower oom_score_adj (no CAP_SYS_RESOURCE)",
                "the CRI gives pod sandboxes oom_score_adj -998; without restrict_oom_score_adj = true every pod fails to start", "set restrict_oom_score_adj = true in containerd's CRI plugin section"));
        }

        return [.. findings.OrderBy(f => f.Severity)];
    }

    /// <summary>CAP_SYS_RESOURCE in the effective set decides whether a negative oom_score_adj may be written.</summary>
    internal static bool? CanLowerOomScoreAdj()
    {
        var line = (Read("/proc/self/status") ?? "").Split('\n').FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        return line is not null && ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var caps)
            ? (caps & (1UL << CapSysResource)) != 0
            : null;
    }

    private static string RuntimeTypeOf(string shim) => "io.containerd." + shim["containerd-shim-".Length..].Replace('-', '.');

    private static int KernelMajor(string release) => int.TryParse(release.Split('.')[0], out var major) ? major : 0;

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

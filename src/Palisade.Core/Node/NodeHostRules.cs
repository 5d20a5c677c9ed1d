namespace Palisade.Core.Node;

/// <summary>What a node with these facts can run and why not: the host half of <c>node doctor</c>, pure.</summary>
public static class NodeHostRules
{
    /// <summary>The shims containerd starts for runc, gVisor and Kata.</summary>
    public static readonly IReadOnlyList<string> Shims = ["containerd-shim-runc-v2", "containerd-shim-runsc-v1", "containerd-shim-kata-v2"];

    /// <summary>Every host finding, errors first.</summary>
    public static IReadOnlyList<NodeFinding> Findings(NodeHostFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var findings = new List<NodeFinding>
        {
            facts.Runc is { } runc
                ? new NodeFinding(FindingSeverity.Info, "runc", $"runc: {runc.Version ?? "version unknown"} at {runc.Path}", "runc runs ordinary pods (the default handler)", "")
                : new NodeFinding(FindingSeverity.Error, "runc", "runc is not installed", "containerd's runc shim needs it: no ordinary pod can start", "apt-get install -y runc"),
        };

        if (facts.Runsc is { } runsc)
        {
            var platforms = string.Join("; ", facts.RunscPlatforms.Select(p => $"{p.Name} {(p.Available ? "yes" : "no")} ({p.Reason})"));
            findings.Add(new NodeFinding(FindingSeverity.Info, "runsc", $"runsc: {runsc.Version ?? "version unknown"} at {runsc.Path}; platforms: {platforms}", "gVisor handlers can run here", ""));
            if (facts.RunscReleaseDate is <= 20221219 && KernelMajor(facts.KernelRelease) >= 6)
            {
                findings.Add(new NodeFinding(FindingSeverity.Warning, "runsc-network-sandbox",
                    $"runsc release {facts.RunscReleaseDate} on kernel {facts.KernelRelease}: its network=sandbox mode fails",
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
            findings.Add(facts.Shims.GetValueOrDefault(shim) is { } path
                ? new NodeFinding(FindingSeverity.Info, "shim", $"{shim} at {path}", $"handlers with runtime_type {RuntimeTypeOf(shim)} can start", "")
                : shim switch
                {
                    "containerd-shim-runsc-v1" => new NodeFinding(FindingSeverity.Warning, "shim", $"{shim} is not on PATH",
                        "runtime_type io.containerd.runsc.v1 cannot work; Debian's runsc package does not ship this shim",
                        "install it from gVisor's release, or run runsc behind the runc shim with Palisade's adapter: palisade node config runsc --runsc-shim runc --install"),
                    "containerd-shim-kata-v2" => new NodeFinding(FindingSeverity.Info, "shim", $"{shim} is not on PATH", "Kata Containers is not installed (it is not packaged for this distribution)", "install Kata Containers where KVM is available"),
                    _ => new NodeFinding(FindingSeverity.Error, "shim", $"{shim} is not on PATH", "containerd cannot start runc pods", "apt-get install -y containerd"),
                });
        }

        findings.Add(facts.Kvm
            ? new NodeFinding(FindingSeverity.Info, "kvm", "/dev/kvm is present", "Kata and runsc's kvm platform can use hardware virtualisation", "")
            : new NodeFinding(FindingSeverity.Warning, "kvm", "/dev/kvm does not exist", "Kata Containers cannot run on this node, and runsc cannot use its kvm platform (ptrace/systrap still work)", "use a machine with nested or bare-metal virtualisation for Kata"));

        findings.Add(new NodeFinding(FindingSeverity.Info, "cgroups", facts.CgroupV2 ? "cgroup v2 (unified)" : "cgroup v1",
            facts.CgroupV2 ? "containerd, runc and runsc all support it" : "supported by containerd 1.x, runc and runsc; containerd 2.x and newer Kubernetes releases prefer cgroup v2", ""));

        findings.Add(facts.MaxUserNamespaces is null or "0"
            ? new NodeFinding(FindingSeverity.Warning, "userns", "user namespaces are disabled", "pods with hostUsers: false cannot start; rootless runtimes do not work", "sysctl -w user.max_user_namespaces=15000")
            : new NodeFinding(FindingSeverity.Info, "userns", $"user namespaces enabled (max {facts.MaxUserNamespaces})", "pods with hostUsers: false can run under runc", ""));

        findings.Add(facts.Seccomp
            ? new NodeFinding(FindingSeverity.Info, "seccomp", "seccomp filtering is available", "RuntimeDefault and Localhost seccomp profiles work under runc (runsc applies them with --oci-seccomp)", "")
            : new NodeFinding(FindingSeverity.Error, "seccomp", "the kernel has no seccomp", "runsc needs seccomp for its own sandbox, and seccomp profiles cannot apply", "use a kernel built with CONFIG_SECCOMP_FILTER"));

        if (facts.CanLowerOomScoreAdj == false)
        {
            findings.Add(new NodeFinding(FindingSeverity.Warning, "oom-score-adj", "processes here may not lower oom_score_adj (no CAP_SYS_RESOURCE)",
                "the CRI gives pod sandboxes oom_score_adj -998; without restrict_oom_score_adj = true every pod fails to start", "set restrict_oom_score_adj = true in containerd's CRI plugin section (palisade node config containerd writes it)"));
        }

        return [.. findings.OrderBy(f => f.Severity)];
    }

    private static string RuntimeTypeOf(string shim) => "io.containerd." + shim["containerd-shim-".Length..].Replace('-', '.');

    private static int KernelMajor(string release) => int.TryParse(release.Split('.')[0], out var major) ? major : 0;
}

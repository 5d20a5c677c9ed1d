namespace Palisade.Sandbox.Runtimes;

/// <summary>Where a workload runs: on the host, under runc (shared kernel) or under gVisor's runsc.</summary>
public enum RuntimeKind
{
    /// <summary>The bundle's process run directly on the host (for host-command targets).</summary>
    Native,

    /// <summary>runc: Linux namespaces and cgroups on the host kernel.</summary>
    Runc,

    /// <summary>gVisor's runsc: a user-space kernel intercepts every syscall.</summary>
    Runsc,
}

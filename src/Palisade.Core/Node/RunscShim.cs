namespace Palisade.Core.Node;

/// <summary>How containerd drives runsc.</summary>
public enum RunscShim
{
    /// <summary>gVisor's own shim, containerd-shim-runsc-v1 (<c>runtime_type = "io.containerd.runsc.v1"</c>): the supported way.</summary>
    Runsc,

    /// <summary>
    /// containerd's runc shim with runsc as its OCI binary (through a small wrapper that adds runsc's flags), for nodes
    /// without containerd-shim-runsc-v1, such as Debian's runsc package.
    /// </summary>
    Runc,
}

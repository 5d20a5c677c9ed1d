namespace Palisade.Sandbox.Node;

/// <summary>One runtime handler as containerd's CRI plugin reports it.</summary>
/// <param name="RuntimeType">runtime_type, e.g. io.containerd.runc.v2 or io.containerd.runsc.v1.</param>
/// <param name="BinaryName">The OCI binary a runc shim runs instead of runc, or null.</param>
/// <param name="Root">The runc shim's state root, or null for its default (/run/containerd/runc).</param>
internal sealed record CriHandler(string RuntimeType, string? BinaryName, string? Root)
{
    /// <summary>gVisor driven by containerd's runc shim (runsc as the runc shim's OCI binary), not by containerd-shim-runsc-v1.</summary>
    public bool IsRunscUnderRuncShim => RuntimeType.StartsWith("io.containerd.runc.", StringComparison.Ordinal) && BinaryName is not null && Path.GetFileName(BinaryName).Contains("runsc", StringComparison.Ordinal);

    public override string ToString() => BinaryName is null ? RuntimeType : $"{RuntimeType} BinaryName={BinaryName}";
}

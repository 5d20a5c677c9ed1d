namespace Palisade.Core.Node;

/// <summary>The containerd release line, which decides the config version and the CRI plugin's id.</summary>
public enum ContainerdMajor
{
    /// <summary>containerd 1.x: <c>version = 2</c>, runtimes under <c>io.containerd.grpc.v1.cri</c>.</summary>
    V1,

    /// <summary>containerd 2.x: <c>version = 3</c>, runtimes under <c>io.containerd.cri.v1.runtime</c>.</summary>
    V2,
}

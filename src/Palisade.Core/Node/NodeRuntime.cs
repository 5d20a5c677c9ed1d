namespace Palisade.Core.Node;

/// <summary>A sandbox runtime a node can offer to pods.</summary>
public enum NodeRuntime
{
    /// <summary>runc: the host kernel, namespaces and cgroups only.</summary>
    Runc,

    /// <summary>gVisor: a user-space kernel (runsc).</summary>
    Runsc,

    /// <summary>Kata Containers: a lightweight VM per pod (needs KVM).</summary>
    Kata,
}

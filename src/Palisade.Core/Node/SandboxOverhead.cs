namespace Palisade.Core.Node;

/// <summary>
/// The one source of a sandbox RuntimeClass's <c>overhead.podFixed</c>: <c>node config runtimeclass</c>, assess's
/// <c>runtimeclass.yaml</c> and <c>deploy/10-runtimeclasses.yaml</c> all carry these figures (a test holds deploy/ to them).
/// </summary>
/// <param name="Memory">The memory quantity.</param>
/// <param name="Cpu">The CPU quantity.</param>
/// <param name="Source">Where the figures come from, written on the object as an annotation.</param>
public sealed record SandboxOverhead(string Memory, string Cpu, string Source)
{
    /// <summary>gVisor: measured memory with headroom; gVisor publishes no podFixed figure.</summary>
    public static SandboxOverhead Gvisor { get; } = new(
        "64Mi",
        "100m",
        "Palisade default for gVisor: palisade bench measured the sandbox (Sentry, Gofer; PSS) at about 23 MiB for an idle workload, 64Mi leaves room for its caches; gVisor publishes no podFixed figure; measure yours with palisade bench --benchmark memory");

    /// <summary>Kata (QEMU): kata-deploy's documented default, not measured here.</summary>
    public static SandboxOverhead Kata { get; } = new(
        "320Mi",
        "250m",
        "kata-deploy documented default for the QEMU classes (320Mi, 250m); not measured: Kata needs KVM");

    /// <summary>The figures for a sandbox runtime (runc has none: it is no sandbox).</summary>
    public static SandboxOverhead For(NodeRuntime runtime) => runtime switch
    {
        NodeRuntime.Runsc => Gvisor,
        NodeRuntime.Kata => Kata,
        _ => throw new ArgumentOutOfRangeException(nameof(runtime), runtime, "runc has no RuntimeClass overhead"),
    };
}

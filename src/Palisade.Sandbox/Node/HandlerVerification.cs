namespace Palisade.Sandbox.Node;

/// <summary>What one CRI runtime handler did when <c>node verify</c> ran a probe pod with it.</summary>
/// <param name="Handler">The handler name (RuntimeClass <c>handler</c>).</param>
/// <param name="RuntimeType">Its containerd <c>runtime_type</c>, with the OCI binary when one is set.</param>
/// <param name="Expected">The kernel the probe should see: "host" (runc, crun), "gVisor" or "VM" (Kata).</param>
/// <param name="Passed">Every lifecycle step passed and the probe saw the expected kernel.</param>
/// <param name="KernelRelease">What <c>uname -r</c> printed inside the container, or null when it never ran.</param>
/// <param name="Detail">What happened, in one line (the failing CRI call and its message when it failed).</param>
/// <param name="Seconds">From RunPodSandbox to RemovePodSandbox (or the failing step).</param>
public sealed record HandlerVerification(string Handler, string RuntimeType, string Expected, bool Passed, string? KernelRelease, string Detail, double Seconds)
{
    /// <summary>A caveat that does not fail the handler (how it is wired, what may disturb the result), or null.</summary>
    public string? Note { get; init; }

    /// <summary>The pod lifecycle steps in order, up to the first failure.</summary>
    public IReadOnlyList<VerifyStep> Steps { get; init; } = [];
}

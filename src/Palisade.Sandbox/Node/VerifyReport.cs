namespace Palisade.Sandbox.Node;

/// <summary>The outcome of <c>node verify</c> against one CRI endpoint.</summary>
/// <param name="Socket">The socket talked to.</param>
/// <param name="Runtime">"containerd 1.6.20 (CRI v1)", or null when the endpoint serves no CRI.</param>
/// <param name="CriProblem">Why no handler could be tried (no CRI service, runtime not ready), or null.</param>
/// <param name="HostKernel">The host's kernel release, to compare the probes' answers with.</param>
/// <param name="Handlers">One result per handler tried.</param>
/// <param name="ImportedImages">Images verify imported into the <c>k8s.io</c> namespace (and removed again).</param>
public sealed record VerifyReport(string Socket, string? Runtime, string? CriProblem, string HostKernel, IReadOnlyList<HandlerVerification> Handlers, IReadOnlyList<string> ImportedImages)
{
    /// <summary>Which network the probe pods used: the pod network (CNI) or, without one, the node's.</summary>
    public string? Network { get; init; }

    /// <summary>Set when a kubelet runs on the node (it may remove the probe pods as orphans), else null.</summary>
    public string? Kubelet { get; init; }

    /// <summary>True when the CRI answered and every handler passed.</summary>
    public bool Passed => CriProblem is null && Handlers.Count > 0 && Handlers.All(h => h.Passed);
}

using Grpc.Core;
using Palisade.Core.Monitoring;
using Palisade.Sandbox.Node.Cri;

namespace Palisade.Sandbox.Node;

/// <summary>
/// Finds the pod of a container id through a CRI runtime's socket (containerd, CRI-O): the labels the kubelet puts on
/// every container (io.kubernetes.pod.name, io.kubernetes.pod.namespace) when they are there, else the metadata of the
/// container's pod sandbox. An id that is a pod sandbox's own (its pause container, the first to start in a gVisor
/// sandbox) is looked up as a sandbox.
/// </summary>
public sealed class CriPodDirectory : IDisposable
{
    /// <summary>How long one call may take: a hung runtime delays one sandbox's events by a few of these at most.</summary>
    public static readonly TimeSpan CallBound = TimeSpan.FromSeconds(2);

    private const string PodNameLabel = "io.kubernetes.pod.name";
    private const string PodNamespaceLabel = "io.kubernetes.pod.namespace";
    private readonly CriConnection cri;

    private CriPodDirectory(CriConnection cri) => this.cri = cri;

    /// <summary>A directory over the CRI socket at <paramref name="socketPath"/> (nothing is sent until the first lookup).</summary>
    public static CriPodDirectory Open(string socketPath) => new(CriConnection.Open(socketPath));

    /// <summary>
    /// The pod of <paramref name="containerId"/>; null when the runtime does not know the id (yet: a sandbox is known
    /// only once RunPodSandbox returns) or cannot be reached.
    /// </summary>
    public async Task<PodIdentity?> LookupAsync(string containerId, CancellationToken ct)
    {
        try
        {
            var listed = await cri.Runtime.ListContainersAsync(new ListContainersRequest { Filter = new ContainerFilter { Id = containerId } }, deadline: Deadline(), cancellationToken: ct).ConfigureAwait(false);
            if (listed.Containers.FirstOrDefault(c => c.Id == containerId) is not { } container)
            {
                return await SandboxAsync(containerId, ct).ConfigureAwait(false);
            }

            return container.Labels.TryGetValue(PodNameLabel, out var name) && container.Labels.TryGetValue(PodNamespaceLabel, out var ns)
                ? new PodIdentity(name, ns)
                : await SandboxAsync(container.PodSandboxId, ct).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            return null;
        }
    }

    public void Dispose() => cri.Dispose();

    private async Task<PodIdentity?> SandboxAsync(string sandboxId, CancellationToken ct)
    {
        try
        {
            var sandbox = await cri.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = sandboxId }, deadline: Deadline(), cancellationToken: ct).ConfigureAwait(false);
            return sandbox.Status?.Metadata is { Name.Length: > 0 } metadata ? new PodIdentity(metadata.Name, metadata.Namespace) : null;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    private static DateTime Deadline() => TimeProvider.System.GetUtcNow().UtcDateTime + CallBound;
}

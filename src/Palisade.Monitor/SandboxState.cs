using System.Diagnostics;
using Palisade.Core.Monitoring;

namespace Palisade.Monitor;

/// <summary>
/// What one sandbox connection remembers, bounded: process names and parents by thread group (proc.pname), its
/// containers, and the pod the sandbox runs (k8s.pod.name, k8s.ns.name; one gVisor sandbox is one pod).
/// </summary>
internal sealed class SandboxState
{
    private const int MaxProcesses = 65_536;
    private const int MaxContainers = 256;
    private const int MaxPodLookups = 8;
    private int podLookups;
    private long nextPodLookup;
    private readonly Dictionary<long, string> names = [];
    private readonly Dictionary<long, long> parents = [];
    private readonly HashSet<string> containers = new(StringComparer.Ordinal);

    /// <summary>Containers this connection announced (container/start) and the resource sampler follows.</summary>
    public IReadOnlyCollection<string> Containers => containers;

    /// <summary>Remembers an announced container; false when already known or past the bound (a pod has a few).</summary>
    public bool Started(string containerId) => containers.Count < MaxContainers && containers.Add(containerId);

    /// <summary>Drops a container the sampler refused, so the connection's end does not release what it never held.</summary>
    public void Forgot(string containerId) => containers.Remove(containerId);

    public void Named(long pid, string name)
    {
        Bound();
        names[pid] = name;
    }

    public void Cloned(long parent, long child, string name)
    {
        Bound();
        parents[child] = parent;
        names[child] = name;
        names.TryAdd(parent, name); // the clone's context is the parent's, so its name is known too
    }

    /// <summary>The sandbox's pod once a lookup found it.</summary>
    public PodIdentity? Pod { get; set; }

    /// <summary>
    /// The container id to look the pod up by now, or null: not once the pod is known, at most
    /// <see cref="MaxPodLookups"/> times, and after a miss only once its back-off has passed (a sandbox's own id is
    /// known to the CRI only after RunPodSandbox returns, which is after the sandbox started streaming).
    /// </summary>
    public string? PodLookupWanted(string containerId)
    {
        if (Pod is not null || containerId.Length == 0 || podLookups >= MaxPodLookups || Stopwatch.GetTimestamp() < nextPodLookup)
        {
            return null;
        }

        podLookups++;
        nextPodLookup = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 4 << podLookups);
        return containerId;
    }

    public string? ParentName(long pid) =>
        parents.TryGetValue(pid, out var parent) && names.TryGetValue(parent, out var name) ? name : null;

    public void Exited(long pid)
    {
        names.Remove(pid);
        parents.Remove(pid);
    }

    // A sandbox that never reports exits cannot grow the maps without bound; forgetting only costs proc.pname.
    private void Bound()
    {
        if (names.Count >= MaxProcesses || parents.Count >= MaxProcesses)
        {
            names.Clear();
            parents.Clear();
        }
    }
}

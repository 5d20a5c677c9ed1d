namespace Palisade.Monitor;

/// <summary>What one sandbox connection remembers to fill proc.pname: process names and parents by thread group, bounded.</summary>
internal sealed class SandboxState
{
    private const int MaxProcesses = 65_536;
    private readonly Dictionary<long, string> names = [];
    private readonly Dictionary<long, long> parents = [];

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

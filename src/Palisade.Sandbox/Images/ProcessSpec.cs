namespace Palisade.Sandbox.Images;

/// <summary>The process part of a runtime spec, as taken from an image config or a host command.</summary>
internal sealed record ProcessSpec(IReadOnlyList<string> Args, IReadOnlyList<string> Env, string Cwd, uint Uid, uint Gid)
{
    /// <summary>
    /// Files bound read-only over the bundle's own mounts (host path outside the bundle, path inside the container):
    /// a host program under /tmp or /dev/shm would otherwise be hidden by the tmpfs mounted there.
    /// </summary>
    public IReadOnlyList<(string Source, string Destination)> FileBinds { get; init; } = [];
}

using Palisade.Sandbox.Node;

namespace Palisade.Sandbox.Tests.Node;

/// <summary>A temporary folder for a throwaway containerd; unmounts what is left and removes it at the end, also after a failure.</summary>
internal sealed class ContainerdFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("palisade-containerd-").FullName;

    public void Dispose()
    {
        ContainerdDaemon.CleanUpAsync(Path).GetAwaiter().GetResult();
        Directory.Delete(Path, recursive: true);
    }
}

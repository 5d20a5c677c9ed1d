namespace Palisade.Sandbox.Images;

/// <summary>
/// An OCI runtime bundle ready for <c>runc run -b</c> or <c>runsc run -bundle</c>.
/// Disposing removes the folder when this object created it; a bundle given as the target is never touched.
/// </summary>
public sealed class PreparedBundle : IDisposable, IAsyncDisposable
{
    private readonly string? ownedDirectory;
    private int disposed;

    internal PreparedBundle(string directory, string rootfsPath, ImageInfo image, string? ownedDirectory)
    {
        Directory = directory;
        RootfsPath = rootfsPath;
        Image = image;
        this.ownedDirectory = ownedDirectory;
    }

    /// <summary>The bundle directory (holds config.json).</summary>
    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "config.json");

    /// <summary>The rootfs; for a bundle target this is the root.path its config names.</summary>
    public string RootfsPath { get; }

    public ImageInfo Image { get; }

    /// <summary>True when Dispose deletes the bundle (it was built, not given).</summary>
    public bool IsTemporary => ownedDirectory is not null;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0 && ownedDirectory is not null)
        {
            TempDirectory.TryDelete(ownedDirectory);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}

namespace Palisade.Core.Tests.Manifests;

/// <summary>A folder under the system temp folder, removed on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), "palisade-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relative, string text) => WriteBytes(relative, System.Text.Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relative, byte[] bytes)
    {
        var full = System.IO.Path.Join(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

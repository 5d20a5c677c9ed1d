namespace Palisade.Sandbox.Images;

internal static class TempDirectory
{
    public static string Create(string? parent, string prefix)
    {
        var root = parent ?? Path.GetTempPath();
        System.IO.Directory.CreateDirectory(root);
        var path = Path.Combine(root, prefix + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Best effort: a leftover temporary folder must never turn a result into a crash.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

namespace Palisade.Core.Manifests;

/// <summary>Finds manifest files under a folder, in an order that does not depend on the file system.</summary>
internal static class InputFolder
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static List<string> Files(string folder)
    {
        var files = new List<string>();
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(dir).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }

                var path = Path.Join(dir, entry.Name);
                if (entry is DirectoryInfo)
                {
                    // Linked folders are not followed: they can form cycles.
                    if (entry.LinkTarget is null)
                    {
                        pending.Push(path);
                    }
                }
                else if (Extensions.Any(e => entry.Name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                {
                    files.Add(path);
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}

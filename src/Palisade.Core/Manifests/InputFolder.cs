using Palisade.Core.Files;

namespace Palisade.Core.Manifests;

/// <summary>Finds manifest files under a folder, in an order that does not depend on the file system.</summary>
internal static class InputFolder
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    /// <summary>
    /// The manifest files under <paramref name="folder"/>; <paramref name="problems"/> gets every folder that cannot be
    /// read and every manifest-named entry that is not a regular file (a FIFO would block the read forever).
    /// </summary>
    public static List<string> Files(string folder, List<(string Path, string Problem)> problems)
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
                problems.Add((dir, "cannot read folder: " + ex.Message.ReplaceLineEndings(" ")));
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
                    var type = FileIdentity.Of(path)?.Type;
                    if (type is null or FileIdentity.NodeType.Regular)
                    {
                        files.Add(path);
                    }
                    else
                    {
                        problems.Add((path, $"not a regular file ({FileIdentity.Describe(type.Value)}); skipped"));
                    }
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}

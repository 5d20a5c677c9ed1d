namespace Palisade.Sandbox.Images;

/// <summary>
/// Paths inside a root folder, checked component by component so nothing written or read
/// ever passes through a symbolic link or leaves the root.
/// </summary>
internal static class RootfsPath
{
    public enum NodeKind
    {
        Missing,
        File,
        Directory,
        Symlink,
    }

    /// <summary>Splits a tar entry name into safe components; null means the name denotes the root itself.</summary>
    public static string[]? Split(string name, out string? problem)
    {
        problem = null;
        if (name.StartsWith('/'))
        {
            problem = "absolute path";
            return null;
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                problem = "'..' path component";
                return null;
            }

            if (part.Contains('\0', StringComparison.Ordinal))
            {
                problem = "NUL in path";
                return null;
            }

            parts.Add(part);
        }

        return parts.Count == 0 ? null : [.. parts];
    }

    public static NodeKind Lstat(string path)
    {
        var info = new FileInfo(path);
        if ((int)info.Attributes == -1)
        {
            return NodeKind.Missing;
        }

        if (info.LinkTarget is not null)
        {
            return NodeKind.Symlink;
        }

        return info.Attributes.HasFlag(FileAttributes.Directory) ? NodeKind.Directory : NodeKind.File;
    }

    /// <summary>Joins components under root, checking that every existing ancestor is a real directory.</summary>
    /// <returns>The host path, or null with <paramref name="problem"/> set.</returns>
    public static string? ResolveNoFollow(string root, IReadOnlyList<string> parts, bool createParents, out string? problem)
    {
        problem = null;
        var current = root;
        for (var i = 0; i < parts.Count - 1; i++)
        {
            current = Path.Combine(current, parts[i]);
            switch (Lstat(current))
            {
                case NodeKind.Directory:
                    break;
                case NodeKind.Missing when createParents:
                    Directory.CreateDirectory(current);
                    break;
                case NodeKind.Missing:
                    problem = $"'{string.Join('/', parts.Take(i + 1))}' does not exist";
                    return null;
                case NodeKind.Symlink:
                    problem = $"path passes through symbolic link '{string.Join('/', parts.Take(i + 1))}'";
                    return null;
                default:
                    problem = $"'{string.Join('/', parts.Take(i + 1))}' is not a directory";
                    return null;
            }
        }

        return Path.Combine(current, parts[^1]);
    }

    /// <summary>Reads a file inside root without following any symbolic link; null when absent or not a plain file.</summary>
    public static string? ReadTextNoFollow(string root, string relative)
    {
        var parts = Split(relative, out _);
        if (parts is null)
        {
            return null;
        }

        var path = ResolveNoFollow(root, parts, createParents: false, out _);
        return path is not null && Lstat(path) == NodeKind.File ? File.ReadAllText(path) : null;
    }

    /// <summary>True when a symbolic link at <paramref name="linkParts"/> pointing at <paramref name="target"/> stays inside the root.</summary>
    public static bool LinkStaysInside(IReadOnlyList<string> linkParts, string target)
    {
        var stack = new List<string>();
        if (!target.StartsWith('/'))
        {
            stack.AddRange(linkParts.Take(linkParts.Count - 1));
        }

        foreach (var part in target.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (stack.Count == 0)
                {
                    return false;
                }

                stack.RemoveAt(stack.Count - 1);
                continue;
            }

            stack.Add(part);
        }

        return true;
    }

    public static void Remove(string path)
    {
        switch (Lstat(path))
        {
            case NodeKind.Directory:
                Directory.Delete(path, recursive: true);
                break;
            case NodeKind.File:
            case NodeKind.Symlink:
                File.Delete(path);
                break;
            default:
                break;
        }
    }
}

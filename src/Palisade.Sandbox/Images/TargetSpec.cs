using System.Formats.Tar;

namespace Palisade.Sandbox.Images;

/// <summary>A TARGET: an image, an archive, a bundle or a host command.</summary>
public sealed record TargetSpec
{
    public required TargetKind Kind { get; init; }

    /// <summary>The image layout, archive or bundle path; for a host command, the program.</summary>
    public string Path { get; init; } = "";

    /// <summary>For a host command: program and arguments. For an image: replaces the image Cmd when not empty.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary>Which image to take when the layout or archive holds several (<c>--image REF</c>).</summary>
    public string? ImageRef { get; init; }

    /// <summary>The target for <c>-- COMMAND ARGS...</c>.</summary>
    public static TargetSpec HostCommand(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0)
        {
            throw new BundleException("host command target: no command after '--'");
        }

        return new TargetSpec { Kind = TargetKind.HostCommand, Path = command[0], Command = command };
    }

    /// <summary>Sniffs what <paramref name="path"/> holds; throws <see cref="BundleException"/> when it is none of the known kinds.</summary>
    public static TargetSpec Detect(string path, string? imageRef = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new TargetSpec { Kind = DetectKind(path), Path = path, ImageRef = imageRef };
    }

    private static TargetKind DetectKind(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            if (File.Exists(System.IO.Path.Combine(path, "oci-layout")))
            {
                return TargetKind.OciLayout;
            }

            if (File.Exists(System.IO.Path.Combine(path, "config.json")))
            {
                return TargetKind.Bundle;
            }

            throw new BundleException($"{path}: folder is neither an OCI image layout (no oci-layout file) nor an OCI runtime bundle (no config.json)");
        }

        if (!File.Exists(path))
        {
            throw new BundleException($"{path}: no such file or folder");
        }

        try
        {
            using var stream = ArchiveStream.Open(path);
            using var reader = new TarReader(stream);
            var sawLayout = false;
            for (var i = 0; i < 100_000 && reader.GetNextEntry() is { } entry; i++)
            {
                var name = entry.Name.TrimStart('.', '/');
                if (name == "manifest.json")
                {
                    return TargetKind.DockerArchive;
                }

                sawLayout |= name == "oci-layout";
            }

            if (sawLayout)
            {
                return TargetKind.OciArchive;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new BundleException($"{path}: not a readable tar archive ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }

        throw new BundleException($"{path}: tar archive holds neither manifest.json (docker save) nor oci-layout (OCI archive)");
    }
}

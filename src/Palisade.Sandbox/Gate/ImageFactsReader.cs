using System.Formats.Tar;
using System.Text.Json;
using Palisade.Core.Cis;
using Palisade.Sandbox.Images;

namespace Palisade.Sandbox.Gate;

/// <summary>
/// Reads what the CIS image checks need from an OCI layout (config, history, the files of the merged layers with
/// their modes), without extracting anything: layers are streamed and whiteouts applied to the file list.
/// </summary>
public static class ImageFactsReader
{
    public static ImageFacts Read(TargetSpec target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Kind != TargetKind.OciLayout)
        {
            throw new BundleException($"{target.Path}: gate --image reads OCI image layouts (an archive can be unpacked with tar into one)");
        }

        var image = ImageReader.ReadOciLayout(target.Path, target.ImageRef);
        var files = new Dictionary<string, ImageFile>(StringComparer.Ordinal);
        foreach (var layer in image.Layers)
        {
            ct.ThrowIfCancellationRequested();
            using var stream = ArchiveStream.Open(layer.Path);
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry() is { } entry)
            {
                var path = "/" + entry.Name.TrimStart('.', '/');
                var name = path[(path.LastIndexOf('/') + 1)..];
                var dir = path[..(path.LastIndexOf('/') + 1)];
                if (name == ".wh..wh..opq")
                {
                    foreach (var key in files.Keys.Where(k => k.StartsWith(dir, StringComparison.Ordinal)).ToList())
                    {
                        files.Remove(key);
                    }
                }
                else if (name.StartsWith(".wh.", StringComparison.Ordinal))
                {
                    var gone = dir + name[4..];
                    foreach (var key in files.Keys.Where(k => k == gone || k.StartsWith(gone + "/", StringComparison.Ordinal)).ToList())
                    {
                        files.Remove(key);
                    }
                }
                else if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                {
                    files[path] = new ImageFile(path, (int)entry.Mode);
                }
            }
        }

        var config = image.Config.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var history = image.Config.TryGetProperty("history", out var h) && h.ValueKind == JsonValueKind.Array
            ? h.EnumerateArray().Select(e => ImageReader.String(e, "created_by") ?? "").ToList()
            : [];
        var healthcheck = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("Healthcheck", out var hc) && hc.ValueKind == JsonValueKind.Object
            && !(hc.TryGetProperty("Test", out var test) && test.ValueKind == JsonValueKind.Array && test.GetArrayLength() > 0 && test[0].GetString() == "NONE");
        List<string> Strings(string name) => config.ValueKind == JsonValueKind.Object ? ImageReader.Strings(config, name) : [];
        return new ImageFacts(
            image.Reference ?? target.ImageRef ?? target.Path,
            target.Path,
            image.ManifestDigest,
            ConfigDigest(target.Path, image.ManifestDigest),
            config.ValueKind == JsonValueKind.Object ? ImageReader.String(config, "User") : null,
            Strings("Env"),
            [.. Strings("Entrypoint"), .. Strings("Cmd")],
            history,
            healthcheck,
            [.. files.Values.OrderBy(f => f.Path, StringComparer.Ordinal)]);
    }

    /// <summary>The config digest from the (already verified) manifest blob: what trivy calls ImageID.</summary>
    private static string? ConfigDigest(string layout, string? manifestDigest)
    {
        if (manifestDigest is null || !manifestDigest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return null;
        }

        var blob = Path.Combine(layout, "blobs", "sha256", manifestDigest[7..]);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(blob));
        return doc.RootElement.TryGetProperty("config", out var cfg) ? ImageReader.String(cfg, "digest") : null;
    }
}

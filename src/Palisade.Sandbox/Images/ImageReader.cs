using System.Runtime.InteropServices;
using System.Text.Json;

namespace Palisade.Sandbox.Images;

/// <summary>Finds the image in an OCI layout or an unpacked <c>docker save</c> archive and verifies every digest it reads.</summary>
internal static class ImageReader
{
    private const string RefNameAnnotation = "org.opencontainers.image.ref.name";
    private const string ContainerdNameAnnotation = "io.containerd.image.name";
    private const int MaxIndexDepth = 8;

    public static ResolvedImage ReadOciLayout(string layout, string? imageRef)
    {
        if (!File.Exists(Path.Combine(layout, "oci-layout")))
        {
            throw new BundleException($"{layout}: not an OCI image layout (no oci-layout file)");
        }

        var index = ParseObject(ReadPlain(layout, "index.json"), $"{layout}/index.json");
        var candidates = Manifests(index, $"{layout}/index.json")
            .Select(m => (Descriptor: m, Refs: RefsOf(m)))
            .ToList();
        if (candidates.Count == 0)
        {
            throw new BundleException($"{layout}/index.json: no manifests");
        }

        var chosen = Select(candidates, c => c.Refs, imageRef, layout);
        return ReadDescriptor(layout, chosen.Descriptor, chosen.Refs.FirstOrDefault(), depth: 0);
    }

    public static ResolvedImage ReadDockerArchive(string folder, string? imageRef)
    {
        var manifest = ParseJson(ReadPlain(folder, "manifest.json"), "manifest.json");
        if (manifest.ValueKind != JsonValueKind.Array || manifest.GetArrayLength() == 0)
        {
            throw new BundleException("manifest.json: expected a non-empty array of images");
        }

        var images = manifest.EnumerateArray().Select(e => (Entry: e, Refs: Strings(e, "RepoTags"))).ToList();
        var chosen = Select(images, i => i.Refs, imageRef, "docker archive");

        var configPath = String(chosen.Entry, "Config") ?? throw new BundleException("manifest.json: image has no Config");
        var configBytes = ReadPlain(folder, configPath);
        var configDigest = DigestFromPath(configPath);
        if (configDigest is not null)
        {
            Verify(configBytes, configDigest, configPath);
        }

        var config = ParseObject(configBytes, configPath);
        var diffIds = config.TryGetProperty("rootfs", out var rootfs) ? Strings(rootfs, "diff_ids") : [];
        var layerPaths = Strings(chosen.Entry, "Layers");
        var layers = new List<LayerSource>();
        for (var i = 0; i < layerPaths.Count; i++)
        {
            var path = SafeFile(folder, layerPaths[i]);
            var blobDigest = DigestFromPath(layerPaths[i]);
            if (blobDigest is not null)
            {
                layers.Add(new LayerSource(path, blobDigest, DigestOfUncompressed: false));
            }
            else if (i < diffIds.Count && Digest.Hex(diffIds[i]) is not null)
            {
                layers.Add(new LayerSource(path, diffIds[i], DigestOfUncompressed: true));
            }
            else
            {
                throw new BundleException($"manifest.json: layer '{layerPaths[i]}' has no digest to verify against (config rootfs.diff_ids missing)");
            }
        }

        return new ResolvedImage(chosen.Refs.FirstOrDefault(), configDigest, config, layers);
    }

    private static ResolvedImage ReadDescriptor(string layout, JsonElement descriptor, string? reference, int depth)
    {
        if (depth > MaxIndexDepth)
        {
            throw new BundleException($"{layout}: image indexes nested more than {MaxIndexDepth} deep");
        }

        var digest = String(descriptor, "digest");
        var bytes = ReadBlob(layout, digest, "manifest");
        var document = ParseObject(bytes, $"manifest {digest}");
        var mediaType = String(descriptor, "mediaType") ?? String(document, "mediaType") ?? "";

        if (mediaType.Contains("index", StringComparison.Ordinal) || mediaType.Contains("manifest.list", StringComparison.Ordinal)
            || (document.TryGetProperty("manifests", out _) && !document.TryGetProperty("layers", out _)))
        {
            var nested = Manifests(document, $"index {digest}");
            var pick = nested.FirstOrDefault(IsThisPlatform);
            if (pick.ValueKind == JsonValueKind.Undefined)
            {
                pick = nested.FirstOrDefault(m => !m.TryGetProperty("platform", out _));
            }

            if (pick.ValueKind == JsonValueKind.Undefined)
            {
                throw new BundleException($"index {digest}: no manifest for linux/{Architecture()}");
            }

            return ReadDescriptor(layout, pick, reference, depth + 1);
        }

        if (!document.TryGetProperty("config", out var configDescriptor))
        {
            throw new BundleException($"manifest {digest}: no config descriptor");
        }

        var configDigest = String(configDescriptor, "digest");
        var config = ParseObject(ReadBlob(layout, configDigest, "config"), $"config {configDigest}");
        var layers = new List<LayerSource>();
        if (document.TryGetProperty("layers", out var layerArray) && layerArray.ValueKind == JsonValueKind.Array)
        {
            foreach (var layer in layerArray.EnumerateArray())
            {
                var layerDigest = String(layer, "digest");
                var hex = Digest.Hex(layerDigest) ?? throw new BundleException($"manifest {digest}: layer digest '{layerDigest}' is not a sha256 digest");
                var mediaType2 = String(layer, "mediaType") ?? "";
                if (mediaType2.Contains("zstd", StringComparison.Ordinal))
                {
                    throw new BundleException($"layer {layerDigest}: zstd-compressed layers are not supported");
                }

                var path = Path.Combine(layout, "blobs", "sha256", hex);
                if (RootfsPath.Lstat(path) != RootfsPath.NodeKind.File)
                {
                    throw new BundleException($"layer {layerDigest}: blob missing from {layout}/blobs/sha256");
                }

                layers.Add(new LayerSource(path, layerDigest!, DigestOfUncompressed: false));
            }
        }

        return new ResolvedImage(reference, digest, config, layers);
    }

    private static T Select<T>(List<T> candidates, Func<T, IReadOnlyList<string>> refs, string? imageRef, string where)
    {
        if (imageRef is not null)
        {
            var matches = candidates.Where(c => refs(c).Any(r => RefMatches(r, imageRef))).ToList();
            if (matches.Count >= 1)
            {
                return matches[0];
            }

            throw new BundleException($"{where}: no image '{imageRef}'; available: {ListRefs(candidates, refs)}");
        }

        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        throw new BundleException($"{where}: {candidates.Count} images, choose one with --image REF: {ListRefs(candidates, refs)}");
    }

    private static bool RefMatches(string available, string wanted) =>
        string.Equals(available, wanted, StringComparison.Ordinal)
        || string.Equals(available, wanted + ":latest", StringComparison.Ordinal)
        || available.EndsWith("/" + wanted, StringComparison.Ordinal)
        || available.EndsWith("/" + wanted + ":latest", StringComparison.Ordinal);

    private static string ListRefs<T>(List<T> candidates, Func<T, IReadOnlyList<string>> refs)
    {
        var all = candidates.Select(c => refs(c).Count == 0 ? "(untagged)" : string.Join(", ", refs(c)));
        return string.Join("; ", all);
    }

    private static List<string> RefsOf(JsonElement descriptor)
    {
        var refs = new List<string>();
        if (descriptor.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object)
        {
            foreach (var key in new[] { ContainerdNameAnnotation, RefNameAnnotation })
            {
                if (String(annotations, key) is { Length: > 0 } value && !refs.Contains(value))
                {
                    refs.Add(value);
                }
            }
        }

        return refs;
    }

    private static List<JsonElement> Manifests(JsonElement index, string where)
    {
        if (!index.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            throw new BundleException($"{where}: no manifests array");
        }

        return [.. manifests.EnumerateArray()];
    }

    private static bool IsThisPlatform(JsonElement descriptor) =>
        descriptor.TryGetProperty("platform", out var platform)
        && String(platform, "os") == "linux"
        && String(platform, "architecture") == Architecture();

    private static string Architecture() => RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
        System.Runtime.InteropServices.Architecture.Arm => "arm",
        _ => "amd64",
    };

    private static byte[] ReadBlob(string layout, string? digest, string what)
    {
        var hex = Digest.Hex(digest) ?? throw new BundleException($"{layout}: {what} digest '{digest}' is not a sha256 digest");
        var path = Path.Combine(layout, "blobs", "sha256", hex);
        if (RootfsPath.Lstat(path) != RootfsPath.NodeKind.File)
        {
            throw new BundleException($"{layout}: {what} blob {digest} missing");
        }

        var bytes = File.ReadAllBytes(path);
        Verify(bytes, digest!, $"{what} blob");
        return bytes;
    }

    private static void Verify(byte[] bytes, string expected, string what)
    {
        var actual = Digest.Of(bytes);
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new BundleException($"{what} {expected}: digest mismatch (content hashes to {actual})");
        }
    }

    /// <summary>Digest implied by a docker archive path: <c>blobs/sha256/HEX</c> or <c>HEX.json</c>.</summary>
    private static string? DigestFromPath(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".json", StringComparison.Ordinal))
        {
            name = name[..^".json".Length];
        }

        return Digest.Hex("sha256:" + name) is null ? null : "sha256:" + name;
    }

    private static byte[] ReadPlain(string folder, string relative) => File.ReadAllBytes(SafeFile(folder, relative));

    private static string SafeFile(string folder, string relative)
    {
        var parts = RootfsPath.Split(relative, out var problem);
        if (parts is null)
        {
            throw new BundleException($"{folder}: path '{relative}' refused: {problem ?? "empty"}");
        }

        var path = RootfsPath.ResolveNoFollow(folder, parts, createParents: false, out problem);
        if (path is null || RootfsPath.Lstat(path) != RootfsPath.NodeKind.File)
        {
            throw new BundleException($"{folder}: '{relative}' missing or not a regular file{(problem is null ? "" : " (" + problem + ")")}");
        }

        return path;
    }

    // Index, manifest and config are JSON objects in every spec; anything else is refused here, once, as bad input.
    private static JsonElement ParseObject(byte[] bytes, string where)
    {
        var element = ParseJson(bytes, where);
        return element.ValueKind == JsonValueKind.Object
            ? element
            : throw new BundleException($"{where}: expected a JSON object, found {element.ValueKind.ToString().ToLowerInvariant()}");
    }

    private static JsonElement ParseJson(byte[] bytes, string where)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new BundleException($"{where}: invalid JSON ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    internal static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    internal static List<string> Strings(JsonElement element, string name)
    {
        var list = new List<string>();
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array)
        {
            list.AddRange(value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
        }

        return list;
    }
}

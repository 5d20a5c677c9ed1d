using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Palisade.Sandbox.Images;

/// <summary>Writes images into an OCI image layout (blobs, manifest, config, index.json with ref.name annotations).</summary>
internal static class OciLayoutWriter
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";

    /// <summary>containerd's own name annotation: <c>ctr images import</c> names the image after it.</summary>
    public const string ContainerdImageName = "io.containerd.image.name";

    /// <summary>Adds one image to the layout (creating it when needed) and returns the manifest digest.</summary>
    /// <param name="layout">The layout folder.</param>
    /// <param name="layers">Layers, lowest first.</param>
    /// <param name="config">The runnable config.</param>
    /// <param name="refName">The <c>org.opencontainers.image.ref.name</c> annotation, when any.</param>
    /// <param name="fullName">A fully qualified name (<c>localhost/palisade/probe:v1</c>) recorded for containerd's importer, when any.</param>
    public static string AddImage(string layout, IReadOnlyList<LayerBlob> layers, ImageConfigSpec config, string? refName, string? fullName = null)
    {
        var blobs = Path.Combine(layout, "blobs", "sha256");
        System.IO.Directory.CreateDirectory(blobs);
        File.WriteAllText(Path.Combine(layout, "oci-layout"), """{"imageLayoutVersion":"1.0.0"}""");

        foreach (var layer in layers)
        {
            WriteBlob(blobs, layer.Blob);
        }

        var configBytes = ConfigJson(config, layers.Select(l => l.DiffId));
        var configDigest = WriteBlob(blobs, configBytes);

        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = ManifestMediaType,
            ["config"] = Descriptor(ConfigMediaType, configDigest, configBytes.Length),
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)Descriptor(l.MediaType, l.Digest, l.Blob.Length))]),
        };
        var manifestBytes = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var manifestDigest = WriteBlob(blobs, manifestBytes);

        var indexPath = Path.Combine(layout, "index.json");
        var index = File.Exists(indexPath)
            ? JsonNode.Parse(File.ReadAllText(indexPath))!.AsObject()
            : new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = new JsonArray() };
        var entry = Descriptor(ManifestMediaType, manifestDigest, manifestBytes.Length);
        if (refName is not null || fullName is not null)
        {
            var annotations = new JsonObject();
            if (refName is not null)
            {
                annotations["org.opencontainers.image.ref.name"] = refName;
            }

            if (fullName is not null)
            {
                annotations[ContainerdImageName] = fullName;
            }

            entry["annotations"] = annotations;
        }

        index["manifests"]!.AsArray().Add(entry);
        File.WriteAllText(indexPath, index.ToJsonString());
        return manifestDigest;
    }

    public static byte[] ConfigJson(ImageConfigSpec config, IEnumerable<string> diffIds)
    {
        var runnable = new JsonObject
        {
            ["Entrypoint"] = Strings(config.Entrypoint),
            ["Cmd"] = Strings(config.Cmd),
            ["Env"] = Strings(config.Env),
        };
        if (config.WorkingDir is not null)
        {
            runnable["WorkingDir"] = config.WorkingDir;
        }

        if (config.User is not null)
        {
            runnable["User"] = config.User;
        }

        var document = new JsonObject
        {
            ["created"] = "2000-01-01T00:00:00Z",
            ["architecture"] = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64",
            ["os"] = "linux",
            ["config"] = runnable,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = Strings([.. diffIds]) },
        };
        return System.Text.Encoding.UTF8.GetBytes(document.ToJsonString());
    }

    private static string WriteBlob(string blobs, byte[] content)
    {
        var digest = Digest.Of(content);
        File.WriteAllBytes(Path.Combine(blobs, Digest.Hex(digest)!), content);
        return digest;
    }

    private static JsonObject Descriptor(string mediaType, string digest, long size) =>
        new() { ["mediaType"] = mediaType, ["digest"] = digest, ["size"] = size };

    private static JsonArray Strings(IReadOnlyList<string> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}

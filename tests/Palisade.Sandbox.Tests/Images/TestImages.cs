using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using Palisade.Sandbox.Images;

namespace Palisade.Sandbox.Tests.Images;

/// <summary>Builds small images in every format the bundle builder reads.</summary>
internal static class TestImages
{
    public static readonly ImageConfigSpec AppConfig = new()
    {
        Entrypoint = ["/bin/tool"],
        Cmd = ["--mode", "fast"],
        Env = ["FOO=bar"],
        WorkingDir = "/work",
        User = "app:staff",
    };

    /// <summary>Two layers: the upper one deletes etc/gone and makes opq/ opaque.</summary>
    public static IReadOnlyList<LayerBuilder> TwoLayers()
    {
        var lower = new LayerBuilder()
            .Directory("bin")
            .File("bin/tool", Bytes("tool"), (UnixFileMode)0b111_101_101)
            .Directory("etc")
            .File("etc/passwd", Bytes("root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n"))
            .File("etc/group", Bytes("root:x:0:\nstaff:x:50:app\n"))
            .File("etc/keep", Bytes("keep"))
            .File("etc/gone", Bytes("gone"))
            .Directory("opq")
            .File("opq/lower", Bytes("lower"))
            .Directory("opq/sub")
            .File("opq/sub/deep", Bytes("deep"));
        var upper = new LayerBuilder()
            .Directory("opq")
            .File("opq/new", Bytes("new"))
            .File("opq/.wh..wh..opq", [])
            .File("etc/.wh.gone", [])
            .Directory("work");
        return [lower, upper];
    }

    public static string OciLayout(string folder, IReadOnlyList<LayerBuilder>? layers = null, ImageConfigSpec? config = null, string? refName = "test/app:1")
    {
        OciLayoutWriter.AddImage(folder, [.. (layers ?? TwoLayers()).Select(l => l.Build())], config ?? AppConfig, refName);
        return folder;
    }

    /// <summary>A classic <c>docker save</c> archive: HEX.json config, DIR/layer.tar uncompressed layers, manifest.json.</summary>
    public static string DockerArchive(string path, IReadOnlyList<LayerBuilder>? layers = null, ImageConfigSpec? config = null)
    {
        var blobs = (layers ?? TwoLayers()).Select(l => l.Build(gzip: false)).ToList();
        var configBytes = OciLayoutWriter.ConfigJson(config ?? AppConfig, blobs.Select(b => b.DiffId));
        var configName = Digest.Hex(Digest.Of(configBytes)) + ".json";
        var layerNames = blobs.Select((_, i) => $"layer{i}/layer.tar").ToList();
        var manifest = new JsonArray(new JsonObject
        {
            ["Config"] = configName,
            ["RepoTags"] = new JsonArray("test/app:1"),
            ["Layers"] = new JsonArray([.. layerNames.Select(n => (JsonNode)n)]),
        });

        using var file = File.Create(path);
        using var writer = new TarWriter(file, TarEntryFormat.Pax);
        AddFile(writer, configName, configBytes);
        for (var i = 0; i < blobs.Count; i++)
        {
            AddFile(writer, layerNames[i], blobs[i].Blob);
        }

        AddFile(writer, "manifest.json", Bytes(manifest.ToJsonString()));
        return path;
    }

    public static string TarOf(string folder, string path)
    {
        TarFile.CreateFromDirectory(folder, path, includeBaseDirectory: false);
        return path;
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static PaxTarEntry Entry(TarEntryType type, string name, string? link = null, byte[]? content = null, UnixFileMode mode = (UnixFileMode)0b110_100_100)
    {
        var entry = new PaxTarEntry(type, name) { Mode = mode };
        if (link is not null)
        {
            entry.LinkName = link;
        }

        if (content is not null)
        {
            entry.DataStream = new MemoryStream(content);
        }

        return entry;
    }

    private static void AddFile(TarWriter writer, string name, byte[] content) =>
        writer.WriteEntry(Entry(TarEntryType.RegularFile, name, content: content));
}

using System.Text.Json;
using Palisade.Sandbox.Images;

namespace Palisade.Sandbox.Tests.Images;

public sealed class BundleBuilderTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private BundleOptions Options => new() { WorkDirectory = temp.Combine("work") };

    [Fact]
    public async Task PrepareAsync_OciLayout_WritesProcessFromImageConfig()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));

        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None);

        using var config = JsonDocument.Parse(File.ReadAllText(bundle.ConfigPath));
        var process = config.RootElement.GetProperty("process");
        Assert.Equal(["/bin/tool", "--mode", "fast"], process.GetProperty("args").EnumerateArray().Select(e => e.GetString()));
        var env = process.GetProperty("env").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("FOO=bar", env);
        Assert.Contains(env, e => e!.StartsWith("PATH=", StringComparison.Ordinal));
        Assert.Equal("/work", process.GetProperty("cwd").GetString());
        Assert.Equal(1000u, process.GetProperty("user").GetProperty("uid").GetUInt32());
        Assert.Equal(50u, process.GetProperty("user").GetProperty("gid").GetUInt32());
        Assert.False(process.GetProperty("terminal").GetBoolean());
        Assert.Equal("rootfs", config.RootElement.GetProperty("root").GetProperty("path").GetString());
        Assert.True(config.RootElement.GetProperty("root").GetProperty("readonly").GetBoolean());
        var namespaces = config.RootElement.GetProperty("linux").GetProperty("namespaces").EnumerateArray().Select(n => n.GetProperty("type").GetString());
        Assert.Equivalent(new[] { "pid", "ipc", "uts", "mount", "network" }, namespaces);
        Assert.Equal("test/app:1", bundle.Image.Reference);
        Assert.Equal(2, bundle.Image.Layers.Count);
    }

    [Fact]
    public async Task PrepareAsync_TwoLayers_AppliesWhiteoutAndOpaqueDirectory()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));

        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None);

        Assert.Equal(["bin/tool", "etc/group", "etc/keep", "etc/passwd", "opq/new"], Files(bundle.RootfsPath));
        Assert.True(Directory.Exists(Path.Combine(bundle.RootfsPath, "work")));
        Assert.False(Directory.Exists(Path.Combine(bundle.RootfsPath, "opq", "sub")));
    }

    [Fact]
    public async Task PrepareAsync_DockerSaveArchive_SameBundleAsOciLayout()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));
        var archive = TestImages.DockerArchive(temp.Combine("image.tar"));
        var target = TargetSpec.Detect(archive);

        await using var fromLayout = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None);
        await using var fromDocker = await BundleBuilder.PrepareAsync(target, Options, CancellationToken.None);

        Assert.Equal(TargetKind.DockerArchive, target.Kind);
        Assert.Equal(Files(fromLayout.RootfsPath), Files(fromDocker.RootfsPath));
        Assert.Equal(File.ReadAllText(fromLayout.ConfigPath), File.ReadAllText(fromDocker.ConfigPath));
        Assert.Equal("test/app:1", fromDocker.Image.Reference);
    }

    [Fact]
    public async Task PrepareAsync_OciArchive_SameBundleAsOciLayout()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));
        var archive = TestImages.TarOf(layout, temp.Combine("oci.tar"));
        var target = TargetSpec.Detect(archive);

        await using var fromLayout = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None);
        await using var fromArchive = await BundleBuilder.PrepareAsync(target, Options, CancellationToken.None);

        Assert.Equal(TargetKind.OciArchive, target.Kind);
        Assert.Equal(Files(fromLayout.RootfsPath), Files(fromArchive.RootfsPath));
        Assert.Equal(File.ReadAllText(fromLayout.ConfigPath), File.ReadAllText(fromArchive.ConfigPath));
    }

    [Fact]
    public async Task PrepareAsync_GzippedDockerArchive_Read()
    {
        var archive = TestImages.DockerArchive(temp.Combine("image.tar"));
        var gzipped = temp.Combine("image.tar.gz");
        using (var input = File.OpenRead(archive))
        using (var output = new System.IO.Compression.GZipStream(File.Create(gzipped), System.IO.Compression.CompressionLevel.Fastest))
        {
            input.CopyTo(output);
        }

        var target = TargetSpec.Detect(gzipped);
        await using var bundle = await BundleBuilder.PrepareAsync(target, Options, CancellationToken.None);

        Assert.Equal(TargetKind.DockerArchive, target.Kind);
        Assert.Contains("opq/new", Files(bundle.RootfsPath));
    }

    [Fact]
    public async Task PrepareAsync_NestedImageIndex_FollowsToManifest()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));
        var indexPath = Path.Combine(layout, "index.json");
        var top = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(indexPath))!;
        var manifestEntry = top["manifests"]![0]!.DeepClone();
        manifestEntry["platform"] = new System.Text.Json.Nodes.JsonObject { ["os"] = "linux", ["architecture"] = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.Arm64 ? "arm64" : "amd64" };
        var nested = new System.Text.Json.Nodes.JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.index.v1+json",
            ["manifests"] = new System.Text.Json.Nodes.JsonArray(manifestEntry),
        };
        var nestedBytes = TestImages.Bytes(nested.ToJsonString());
        var nestedDigest = Digest.Of(nestedBytes);
        File.WriteAllBytes(Path.Combine(layout, "blobs", "sha256", Digest.Hex(nestedDigest)!), nestedBytes);
        top["manifests"]![0]!["digest"] = nestedDigest;
        top["manifests"]![0]!["size"] = nestedBytes.Length;
        top["manifests"]![0]!["mediaType"] = "application/vnd.oci.image.index.v1+json";
        File.WriteAllText(indexPath, top.ToJsonString());

        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None);

        Assert.Equal(["/bin/tool", "--mode", "fast"], bundle.Image.Args);
        Assert.Equal("test/app:1", bundle.Image.Reference);
    }

    [Fact]
    public async Task PrepareAsync_CommandGiven_ReplacesImageCmd()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));
        var target = TargetSpec.Detect(layout) with { Command = ["--other"] };

        await using var bundle = await BundleBuilder.PrepareAsync(target, Options, CancellationToken.None);

        Assert.Equal(["/bin/tool", "--other"], bundle.Image.Args);
    }

    [Fact]
    public async Task PrepareAsync_ImageRefGiven_PicksMatchingImage()
    {
        var layout = temp.Combine("layout");
        TestImages.OciLayout(layout, refName: "one");
        TestImages.OciLayout(layout, config: TestImages.AppConfig with { Cmd = ["second"] }, refName: "two");

        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout, "two"), Options, CancellationToken.None);

        Assert.Equal(["/bin/tool", "second"], bundle.Image.Args);
        Assert.Equal("two", bundle.Image.Reference);
    }

    [Fact]
    public async Task PrepareAsync_SeveralImagesNoRef_FailsListingRefs()
    {
        var layout = temp.Combine("layout");
        TestImages.OciLayout(layout, refName: "one");
        TestImages.OciLayout(layout, config: TestImages.AppConfig with { Cmd = ["second"] }, refName: "two");

        var error = await Assert.ThrowsAsync<BundleException>(() => BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None));

        Assert.Contains("--image", error.Message, StringComparison.Ordinal);
        Assert.Contains("one", error.Message, StringComparison.Ordinal);
        Assert.Contains("two", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("work")));
    }

    [Fact]
    public async Task PrepareAsync_UnknownRef_FailsListingAvailable()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));

        var error = await Assert.ThrowsAsync<BundleException>(() => BundleBuilder.PrepareAsync(TargetSpec.Detect(layout, "nope"), Options, CancellationToken.None));

        Assert.Contains("no image 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("test/app:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_TamperedLayerBlob_FailsWithDigestMismatch()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));
        var blobs = Directory.GetFiles(Path.Combine(layout, "blobs", "sha256"));
        var layer = blobs.OrderByDescending(f => new FileInfo(f).Length).First();
        File.AppendAllText(layer, "x");

        var error = await Assert.ThrowsAsync<BundleException>(() => BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None));

        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(layer), error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("work")));
    }

    [Fact]
    public async Task PrepareAsync_DockerLayerNotMatchingDiffId_FailsWithDigestMismatch()
    {
        var layers = TestImages.TwoLayers();
        var archive = TestImages.DockerArchive(temp.Combine("image.tar"), layers);
        var bad = temp.Combine("bad.tar");
        RewriteEntry(archive, bad, "layer0/layer.tar", layers[1].ToTar());

        var error = await Assert.ThrowsAsync<BundleException>(() => BundleBuilder.PrepareAsync(TargetSpec.Detect(bad), Options, CancellationToken.None));

        Assert.Contains("digest mismatch", error.Message, StringComparison.Ordinal);
        Assert.Contains(layers[0].Build(gzip: false).DiffId, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1234", 1234u, 0u)]
    [InlineData("1234:5678", 1234u, 5678u)]
    [InlineData("app", 1000u, 1000u)]
    [InlineData("root:staff", 0u, 50u)]
    public async Task PrepareAsync_ImageUser_ResolvesUidAndGid(string user, uint uid, uint gid)
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"), config: TestImages.AppConfig with { User = user });

        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None);

        Assert.Equal(uid, bundle.Image.Uid);
        Assert.Equal(gid, bundle.Image.Gid);
    }

    [Fact]
    public async Task PrepareAsync_UnknownUserName_FailsNamingUser()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"), config: TestImages.AppConfig with { User = "nobody" });

        var error = await Assert.ThrowsAsync<BundleException>(() => BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None));

        Assert.Contains("no user 'nobody'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_BuiltBundle_RemovesTemporaryFolder()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));
        var bundle = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None);
        Assert.True(File.Exists(bundle.ConfigPath));

        bundle.Dispose();

        Assert.False(Directory.Exists(bundle.Directory));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("work")));
    }

    [Fact]
    public async Task PrepareAsync_ExistingBundle_ReferencedAndNeverDeleted()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"));
        string copy;
        await using (var built = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None))
        {
            copy = temp.Combine("bundle");
            CopyTree(built.Directory, copy);
        }

        var target = TargetSpec.Detect(copy);
        var bundle = await BundleBuilder.PrepareAsync(target, Options, CancellationToken.None);
        bundle.Dispose();

        Assert.Equal(TargetKind.Bundle, target.Kind);
        Assert.Equal(copy, bundle.Directory);
        Assert.False(bundle.IsTemporary);
        Assert.Equal(["/bin/tool", "--mode", "fast"], bundle.Image.Args);
        Assert.True(File.Exists(Path.Combine(copy, "config.json")));
        Assert.True(File.Exists(Path.Combine(copy, "rootfs", "bin", "tool")));
    }

    [Fact]
    public async Task PrepareAsync_HostCommand_CopiesProgramLoaderAndLibraries()
    {
        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.HostCommand(["/bin/echo", "hi"]), Options, CancellationToken.None);

        var files = Files(bundle.RootfsPath);
        Assert.Contains("bin/echo", files);
        Assert.Contains(files, f => f.Contains("ld-linux", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("libc.so.6", StringComparison.Ordinal));
        Assert.Equal(["/bin/echo", "hi"], bundle.Image.Args);
        using var config = JsonDocument.Parse(File.ReadAllText(bundle.ConfigPath));
        Assert.True(config.RootElement.GetProperty("root").GetProperty("readonly").GetBoolean());
    }

    [Fact]
    public async Task PrepareAsync_HostCommandStatic_CopiesOnlyProgram()
    {
        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.HostCommand(["/bin/busybox", "true"]), Options, CancellationToken.None);

        Assert.Equal(["bin/busybox"], Files(bundle.RootfsPath));
    }

    [Fact]
    public async Task PrepareAsync_HostCommandMissing_FailsNamingCommand()
    {
        var error = await Assert.ThrowsAsync<BundleException>(() =>
            BundleBuilder.PrepareAsync(TargetSpec.HostCommand(["no-such-program-xyz"]), Options, CancellationToken.None));

        Assert.Contains("'no-such-program-xyz': not found on PATH", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("work")));
    }

    [Fact]
    public void Detect_PlainFolder_FailsWithOneLine()
    {
        var error = Assert.Throws<BundleException>(() => TargetSpec.Detect(temp.Path));

        Assert.Contains("neither an OCI image layout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_NotATar_FailsWithOneLine()
    {
        var file = temp.Combine("junk.tar");
        File.WriteAllText(file, "this is not a tar archive at all, just text that goes on for a while" + new string('x', 600));

        var error = Assert.Throws<BundleException>(() => TargetSpec.Detect(file));

        Assert.StartsWith(file, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    internal static List<string> Files(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)];

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    private static void RewriteEntry(string source, string destination, string name, byte[] content)
    {
        using var input = File.OpenRead(source);
        using var reader = new System.Formats.Tar.TarReader(input);
        using var output = File.Create(destination);
        using var writer = new System.Formats.Tar.TarWriter(output, System.Formats.Tar.TarEntryFormat.Pax);
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            if (entry.Name == name)
            {
                entry.DataStream = new MemoryStream(content);
            }

            writer.WriteEntry(entry);
        }
    }
}

using System.Formats.Tar;
using System.Runtime.Versioning;
using Palisade.Sandbox.Images;

namespace Palisade.Sandbox.Tests.Images;

[UnsupportedOSPlatform("windows")]
public sealed class HostileLayerTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private BundleOptions Options => new() { WorkDirectory = temp.Combine("work") };

    [Fact]
    public async Task PrepareAsync_DotDotEntry_RefusedNamingLayerAndEntry()
    {
        var error = await PrepareFailing(new LayerBuilder().Raw(TestImages.Entry(TarEntryType.RegularFile, "../evil", content: [1])));

        Assert.Contains("entry '../evil' refused: '..' path component", error.Message, StringComparison.Ordinal);
        Assert.Contains("layer sha256:", error.Message, StringComparison.Ordinal);
        AssertNothingEscaped("evil");
    }

    [Fact]
    public async Task PrepareAsync_NestedDotDotEntry_Refused()
    {
        var error = await PrepareFailing(new LayerBuilder().Directory("a").Raw(TestImages.Entry(TarEntryType.RegularFile, "a/../../evil", content: [1])));

        Assert.Contains("'..' path component", error.Message, StringComparison.Ordinal);
        AssertNothingEscaped("evil");
    }

    [Fact]
    public async Task PrepareAsync_EntryNameWithNewline_MessageStaysOneLine()
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, "x\n/../evil") { DataStream = new MemoryStream([1]) };

        var error = await PrepareFailing(new LayerBuilder().Raw(entry));

        Assert.True(error.Message.Contains("entry 'x\\x0a/../evil' refused", StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public async Task PrepareAsync_AbsoluteEntry_Refused()
    {
        var error = await PrepareFailing(new LayerBuilder().Raw(TestImages.Entry(TarEntryType.RegularFile, "/etc/evil", content: [1])));

        Assert.Contains("entry '/etc/evil' refused: absolute path", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists("/etc/evil"));
    }

    [Fact]
    public async Task PrepareAsync_WriteThroughSymlinkToRoot_Refused()
    {
        var marker = "palisade-escape-" + Guid.NewGuid().ToString("N")[..8];
        var layer = new LayerBuilder()
            .Symlink("link", "/")
            .Raw(TestImages.Entry(TarEntryType.RegularFile, $"link/tmp/{marker}", content: [1]));

        var error = await PrepareFailing(layer);

        Assert.Contains("passes through symbolic link 'link'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine("/tmp", marker)));
    }

    [Fact]
    public async Task PrepareAsync_SymlinkInLaterLayerThenWrite_Refused()
    {
        var lower = new LayerBuilder().Symlink("etc", "/etc");
        var upper = new LayerBuilder().Raw(TestImages.Entry(TarEntryType.RegularFile, "etc/palisade-evil", content: [1]));

        var error = await PrepareFailing(lower, upper);

        Assert.Contains("symbolic link 'etc'", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists("/etc/palisade-evil"));
    }

    [Fact]
    public async Task PrepareAsync_SymlinkTargetEscapingRoot_Refused()
    {
        var error = await PrepareFailing(new LayerBuilder().Directory("a").Symlink("a/up", "../../../outside"));

        Assert.Contains("symbolic link target '../../../outside' leaves the root", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_HardlinkOutsideRoot_Refused()
    {
        var error = await PrepareFailing(new LayerBuilder().Raw(TestImages.Entry(TarEntryType.HardLink, "x", link: "../../x")));

        Assert.Contains("hard link target '../../x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_HardlinkToSymlink_Refused()
    {
        var layer = new LayerBuilder()
            .Symlink("shadow", "/etc/shadow")
            .Raw(TestImages.Entry(TarEntryType.HardLink, "copy", link: "shadow"));

        var error = await PrepareFailing(layer);

        Assert.Contains("is not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_HardlinkInsideRoot_CopiesContent()
    {
        var layer = new LayerBuilder()
            .File("a", TestImages.Bytes("same"))
            .Raw(TestImages.Entry(TarEntryType.HardLink, "b", link: "a"));

        await using var bundle = await Prepare(layer);

        Assert.Equal("same", File.ReadAllText(Path.Combine(bundle.RootfsPath, "b")));
    }

    [Fact]
    public async Task PrepareAsync_DeviceNodeAndFifo_SkippedAndCounted()
    {
        var device = TestImages.Entry(TarEntryType.CharacterDevice, "dev/mem");
        device.DeviceMajor = 1;
        device.DeviceMinor = 1;
        var layer = new LayerBuilder().Directory("dev").Raw(device).Raw(TestImages.Entry(TarEntryType.Fifo, "pipe"));

        await using var bundle = await Prepare(layer);

        Assert.Equal(2, bundle.Image.SkippedSpecialFiles);
        Assert.False(File.Exists(Path.Combine(bundle.RootfsPath, "dev", "mem")));
        Assert.False(File.Exists(Path.Combine(bundle.RootfsPath, "pipe")));
    }

    [Fact]
    public async Task PrepareAsync_SetuidFile_BitsStripped()
    {
        var layer = new LayerBuilder().File("su", [1, 2, 3], (UnixFileMode)0b110_111_101_101);

        await using var bundle = await Prepare(layer);

        var mode = File.GetUnixFileMode(Path.Combine(bundle.RootfsPath, "su"));
        Assert.Equal((UnixFileMode)0b111_101_101, mode);
        Assert.Equal(1, bundle.Image.StrippedSetIdBits);
    }

    [Fact]
    public async Task PrepareAsync_LayerLargerThanBound_RefusedAndCleanedUp()
    {
        var layer = new LayerBuilder().File("big", new byte[4096]);

        var error = await Assert.ThrowsAsync<BundleException>(() => BundleBuilder.PrepareAsync(
            Target(layer), Options with { MaxExtractedBytes = 1000 }, CancellationToken.None));

        Assert.Contains("entry 'big': extracted size exceeds the limit of 1000 bytes", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("work")));
    }

    [Fact]
    public async Task PrepareAsync_TooManyEntries_Refused()
    {
        var layer = new LayerBuilder();
        for (var i = 0; i < 20; i++)
        {
            layer.File($"f{i}", [1]);
        }

        var error = await Assert.ThrowsAsync<BundleException>(() => BundleBuilder.PrepareAsync(
            Target(layer), Options with { MaxEntries = 10 }, CancellationToken.None));

        Assert.Contains("more than 10 entries", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrepareAsync_FileReplacingSymlink_WritesFileNotTarget()
    {
        var outside = temp.Combine("outside.txt");
        File.WriteAllText(outside, "untouched");
        var lower = new LayerBuilder().Symlink("victim", outside);
        var upper = new LayerBuilder().File("victim", TestImages.Bytes("replaced"));

        await using var bundle = await Prepare(lower, upper);

        Assert.Equal("untouched", File.ReadAllText(outside));
        Assert.Equal("replaced", File.ReadAllText(Path.Combine(bundle.RootfsPath, "victim")));
    }

    [Fact]
    public async Task PrepareAsync_CorruptGzipLayer_RefusedNamingLayer()
    {
        var garbage = new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef, 1, 2, 3 };
        var layout = temp.Combine("layout");
        OciLayoutWriter.AddImage(layout, [new LayerBlob(garbage, "sha256:" + new string('0', 64), Gzip: true)], new ImageConfigSpec { Cmd = ["/x"] }, "bad");

        var error = await Assert.ThrowsAsync<BundleException>(() => BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None));

        Assert.Contains("layer " + Digest.Of(garbage), error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("work")));
    }

    [Fact]
    public async Task PrepareAsync_WhiteoutInMissingFolder_CreatesNothing()
    {
        var layer = new LayerBuilder().File("keep", [1]).File("ghost/.wh.thing", []).File("ghost2/.wh..wh..opq", []);

        await using var bundle = await Prepare(layer);

        Assert.Equal(["keep"], Directory.GetFileSystemEntries(bundle.RootfsPath).Select(Path.GetFileName));
    }

    [Fact]
    public async Task PrepareAsync_WhiteoutThroughSymlink_Refused()
    {
        var outside = temp.Combine("outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "precious"), "x");
        var layer = new LayerBuilder().Symlink("link", outside).File("link/.wh.precious", []);

        var error = await PrepareFailing(layer);

        Assert.Contains("symbolic link 'link'", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outside, "precious")));
    }

    private TargetSpec Target(params LayerBuilder[] layers)
    {
        var layout = temp.Combine("layout-" + Guid.NewGuid().ToString("N")[..6]);
        TestImages.OciLayout(layout, layers, new ImageConfigSpec { Cmd = ["/bin/true"] });
        return TargetSpec.Detect(layout);
    }

    private Task<PreparedBundle> Prepare(params LayerBuilder[] layers) =>
        BundleBuilder.PrepareAsync(Target(layers), Options, CancellationToken.None);

    private async Task<BundleException> PrepareFailing(params LayerBuilder[] layers)
    {
        var error = await Assert.ThrowsAsync<BundleException>(() => Prepare(layers));
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("work")));
        return error;
    }

    private void AssertNothingEscaped(string name)
    {
        Assert.False(File.Exists(temp.Combine(name)));
        Assert.False(File.Exists(temp.Combine("work", name)));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), name)));
    }
}

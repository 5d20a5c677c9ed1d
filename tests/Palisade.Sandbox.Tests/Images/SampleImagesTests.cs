using Palisade.Sandbox.Images;

namespace Palisade.Sandbox.Tests.Images;

public sealed class SampleImagesTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task BuildLayoutAsync_TwiceWithSameCache_IdenticalIndex()
    {
        var cache = temp.Combine("cache");

        var first = await SampleImages.BuildLayoutAsync(SampleImage.DataProcessing, temp.Combine("a"), cache, CancellationToken.None);
        var second = await SampleImages.BuildLayoutAsync(SampleImage.DataProcessing, temp.Combine("b"), cache, CancellationToken.None);

        Assert.Equal(File.ReadAllText(Path.Combine(first, "index.json")), File.ReadAllText(Path.Combine(second, "index.json")));
        Assert.Single(Directory.GetDirectories(cache));
    }

    [Fact]
    public async Task BuildLayoutAsync_DataProcessing_BundleHasCsvProgramAndBusybox()
    {
        var layout = await SampleImages.BuildLayoutAsync(SampleImage.DataProcessing, temp.Combine("layout"), temp.Combine("cache"), CancellationToken.None);

        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), new BundleOptions { WorkDirectory = temp.Combine("work") }, CancellationToken.None);

        var csv = File.ReadAllLines(Path.Combine(bundle.RootfsPath, "data", "input.csv"));
        Assert.Equal("region,product,amount", csv[0]);
        Assert.Equal(SampleImages.DataProcessingRows + 1, csv.Length);
        Assert.True(File.Exists(Path.Combine(bundle.RootfsPath, "app", "aggregate")));
        Assert.Equal("busybox", new FileInfo(Path.Combine(bundle.RootfsPath, "bin", "sh")).LinkTarget);
        Assert.Equal(SampleImages.DataProcessingReference, bundle.Image.Reference);
        Assert.Equal(["/app/aggregate", "/data/input.csv", "/tmp/out/results.csv"], bundle.Image.Args);
    }

    [Fact]
    public async Task EnsureLayoutAsync_SecondCall_ReusesCachedLayout()
    {
        var cache = temp.Combine("cache");

        var first = await SampleImages.EnsureLayoutAsync(SampleImage.Incompatible, cache, CancellationToken.None);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(first, "index.json"));
        var second = await SampleImages.EnsureLayoutAsync(SampleImage.Incompatible, cache, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(second, "index.json")));
        Assert.Equal(TargetKind.OciLayout, TargetSpec.Detect(first).Kind);
        Assert.DoesNotContain(Directory.GetDirectories(cache), d => d.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public void GenerateCsv_SameRowCount_SameBytes()
    {
        Assert.Equal(SampleImages.GenerateCsv(50), SampleImages.GenerateCsv(50));
    }
}

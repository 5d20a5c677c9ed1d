using Palisade.Sandbox.Images;

namespace Palisade.Sandbox.Tests.Images;

[Collection(ContainerRuntimeTests.Name)]
public sealed class SampleImagesRuntimeTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private BundleOptions Options => new() { WorkDirectory = temp.Combine("work") };

    [Fact]
    public async Task DataProcessingSample_Runc_ExitsZeroWithSummary()
    {
        await using var bundle = await PrepareSample(SampleImage.DataProcessing);

        var run = await RuntimeRun.RuncAsync(bundle.Directory);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains($"processed {SampleImages.DataProcessingRows} rows (0 skipped) in 5 regions", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("wrote /tmp/out/results.csv", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(1000u, bundle.Image.Uid);
    }

    [Fact]
    public async Task DataProcessingSample_Runsc_ExitsZeroWithSummary()
    {
        await using var bundle = await PrepareSample(SampleImage.DataProcessing);

        var run = await RuntimeRun.RunscAsync(bundle.Directory);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Contains($"processed {SampleImages.DataProcessingRows} rows", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncompatibleSample_Runc_ExitsZero()
    {
        await using var bundle = await PrepareSample(SampleImage.Incompatible);

        var run = await RuntimeRun.RuncAsync(bundle.Directory);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stdout} {run.Stderr}");
        Assert.Contains("userfaultfd:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IncompatibleSample_Runsc_ExitsNonZeroWithEnosys()
    {
        await using var bundle = await PrepareSample(SampleImage.Incompatible);

        var run = await RuntimeRun.RunscAsync(bundle.Directory);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ENOSYS", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostCommandEcho_Runc_PrintsHi()
    {
        await using var bundle = await BundleBuilder.PrepareAsync(TargetSpec.HostCommand(["/bin/echo", "hi"]), Options, CancellationToken.None);

        var run = await RuntimeRun.RuncAsync(bundle.Directory);

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.Stderr}");
        Assert.Equal("hi\n", run.Stdout);
    }

    private async Task<PreparedBundle> PrepareSample(SampleImage sample)
    {
        var layout = await SampleImages.BuildLayoutAsync(sample, temp.Combine("layout"), temp.Combine("cache"), CancellationToken.None);
        return await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), Options, CancellationToken.None);
    }
}

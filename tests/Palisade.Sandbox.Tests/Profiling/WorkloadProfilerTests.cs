using Palisade.Sandbox.Images;
using Palisade.Sandbox.Profiling;
using Palisade.Sandbox.Runtimes;
using Palisade.Sandbox.Tests.Images;

namespace Palisade.Sandbox.Tests.Profiling;

/// <summary>Every kind of TARGET, profiled for real under runc and runsc, gives the workload's own syscalls.</summary>
[Collection(ContainerRuntimeTests.Name)]
public sealed class WorkloadProfilerTests : IDisposable
{
    private static readonly ProfileOptions Both = new([RuntimeKind.Runc, RuntimeKind.Runsc], TimeSpan.FromSeconds(60));

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>A one-layer busybox image whose entrypoint prints a line and reads a file that is not there.</summary>
    private static IReadOnlyList<LayerBuilder> Busybox() =>
    [
        new LayerBuilder()
            .Directory("bin")
            .File("bin/busybox", File.ReadAllBytes("/bin/busybox"), (UnixFileMode)0b111_101_101)
            .Symlink("bin/sh", "busybox")
            .Directory("tmp"),
    ];

    private static readonly ImageConfigSpec Script = new()
    {
        Entrypoint = ["/bin/sh", "-c"],
        Cmd = ["echo profiled; cat /missing 2>/dev/null; exit 0"],
    };

    [Fact]
    public async Task ProfileAsync_DockerSaveArchive_RecordsSyscallsUnderBothRuntimes()
    {
        var archive = TestImages.DockerArchive(temp.Combine("image.tar"), Busybox(), Script);

        var profile = await ProfileAsync(TargetSpec.Detect(archive));

        AssertProfiled(profile);
    }

    [Fact]
    public async Task ProfileAsync_OciLayout_RecordsSyscallsUnderBothRuntimes()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"), Busybox(), Script);

        var profile = await ProfileAsync(TargetSpec.Detect(layout));

        AssertProfiled(profile);
    }

    [Fact]
    public async Task ProfileAsync_ExistingBundle_IsRunAndLeftUnchanged()
    {
        var layout = TestImages.OciLayout(temp.Combine("layout"), Busybox(), Script);
        await using var prepared = await BundleBuilder.PrepareAsync(TargetSpec.Detect(layout), new BundleOptions { WorkDirectory = temp.Combine("work") }, CancellationToken.None);
        var config = File.ReadAllText(prepared.ConfigPath);

        var profile = await ProfileAsync(TargetSpec.Detect(prepared.Directory));

        AssertProfiled(profile);
        Assert.Equal(config, File.ReadAllText(prepared.ConfigPath));
    }

    [Fact]
    public async Task ProfileAsync_HostCommand_RecordsWrite()
    {
        var profile = await ProfileAsync(TargetSpec.HostCommand(["/bin/echo", "profiled"]));

        Assert.All(profile.Runs, r => Assert.Equal("profiled\n", r.Run.Stdout));
        Assert.All(profile.Runs, r => Assert.True(r.Trace!.Find("write")!.Count >= 1));
        Assert.True(profile.Compatibility!.Compatible);
    }

    private async Task<WorkloadProfile> ProfileAsync(TargetSpec target)
    {
        await using var bundle = await BundleBuilder.PrepareAsync(target, new BundleOptions { WorkDirectory = temp.Combine("work-" + Guid.NewGuid().ToString("N")) }, CancellationToken.None);
        return await WorkloadProfiler.ProfileAsync("test", bundle, Both, progress: null, CancellationToken.None);
    }

    private static void AssertProfiled(WorkloadProfile profile)
    {
        Assert.Equal([RuntimeKind.Runc, RuntimeKind.Runsc], profile.Runs.Select(r => r.Run.Runtime));
        foreach (var run in profile.Runs)
        {
            Assert.True(run.Run.ExitCode == 0, $"{run.Run.Runtime}: exit {run.Run.ExitCode}: {run.Run.Stderr}");
            Assert.Equal("profiled\n", run.Run.Stdout);
            Assert.NotNull(run.Trace);
            // The workload's `cat /missing` fails with ENOENT under both runtimes; runc's own set-up is not counted.
            Assert.True(run.Trace.Find("openat")?.Errors.GetValueOrDefault("ENOENT") >= 1, $"{run.Run.Runtime}: no ENOENT openat");
            Assert.Null(run.Trace.Find("pivot_root"));
        }

        Assert.True(profile.Compatibility!.Compatible, profile.Compatibility.Reason);
        Assert.Equal("20221219", profile.RunscVersion);
    }
}

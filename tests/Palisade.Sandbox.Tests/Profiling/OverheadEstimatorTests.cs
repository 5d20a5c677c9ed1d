using System.Globalization;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Profiling;
using Palisade.Sandbox.Runtimes;
using Palisade.Sandbox.Tests.Images;
using Xunit.Abstractions;

namespace Palisade.Sandbox.Tests.Profiling;

/// <summary>
/// The overhead model against reality: a workload's syscalls are recorded under runc, the model predicts its
/// runsc/runc wall-time ratio from the host's cost table (measured by the micro-benchmarks), and both runtimes are
/// timed for real. The bar: prediction within a factor of 1.5 of the measurement.
/// </summary>
[Collection(ContainerRuntimeTests.Name)]
public sealed class OverheadEstimatorTests(OverheadEstimatorTests.FreshCostTable costs, ITestOutputHelper output) : IDisposable, IClassFixture<OverheadEstimatorTests.FreshCostTable>
{
    /// <summary>Mostly syscalls: getpid round trips, small-file opens, mmaps and a few forks.</summary>
    private const string SyscallHeavy = """
        #define _GNU_SOURCE
        #include <fcntl.h>
        #include <stdio.h>
        #include <sys/mman.h>
        #include <sys/syscall.h>
        #include <sys/wait.h>
        #include <unistd.h>
        int main(void)
        {
            char buf[64];
            for (int i = 0; i < 8000; i++)
                syscall(SYS_getpid);
            for (int i = 0; i < 1000; i++) {
                int fd = open("/etc/hostname", O_RDONLY);
                if (fd >= 0) { if (read(fd, buf, sizeof buf) < 0) return 3; close(fd); }
            }
            for (int i = 0; i < 500; i++) {
                void *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
                if (p == MAP_FAILED) return 4;
                munmap(p, 1 << 20);
            }
            for (int i = 0; i < 10; i++) {
                pid_t pid = fork();
                if (pid == 0) _exit(0);
                waitpid(pid, NULL, 0);
            }
            puts("done");
            return 0;
        }
        """;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    /// <summary>
    /// A cost table measured by this test class (once, for both tests), not one stored earlier: start-up costs depend
    /// on the machine's load, and the prediction is only fair against figures taken under the same conditions.
    /// </summary>
    public sealed class FreshCostTable : IDisposable
    {
        private readonly TempFolder folder = new();

        public string Directory => folder.Path;

        public void Dispose() => folder.Dispose();
    }

    [Fact]
    public async Task EstimateAsync_BuiltInSample_PredictionWithinFactorOneAndAHalf()
    {
        var layout = await SampleImages.EnsureLayoutAsync(SampleImage.DataProcessing, CancellationToken.None);

        var estimate = await EstimateAsync(TargetSpec.Detect(layout, SampleImages.ReferenceOf(SampleImage.DataProcessing)));

        Assert.InRange(estimate.PredictionError, 1.0, 1.5);
    }

    [Fact]
    public async Task EstimateAsync_SyscallHeavyProgram_PredictionWithinFactorOneAndAHalf()
    {
        // Not under /tmp: containers get a tmpfs there, which would hide a host program.
        var program = await StaticProgramCompiler.CompileAsync(SyscallHeavy, Path.Combine(SandboxPaths.CacheDirectory, "test-programs"), CancellationToken.None);

        var estimate = await EstimateAsync(TargetSpec.HostCommand([program]));

        // Syscalls, not start-up, must dominate, or this would only test the start-up term again.
        Assert.True(estimate.Prediction.SyscallExtraMs > estimate.Prediction.StartupExtraMs, $"syscalls +{estimate.Prediction.SyscallExtraMs:F0} ms, start-up +{estimate.Prediction.StartupExtraMs:F0} ms");
        Assert.InRange(estimate.PredictionError, 1.0, 1.5);
    }

    private async Task<OverheadEstimate> EstimateAsync(TargetSpec target)
    {
        await using var bundle = await BundleBuilder.PrepareAsync(target, new BundleOptions { WorkDirectory = temp.Combine("work") }, CancellationToken.None);
        var profile = await WorkloadProfiler.ProfileAsync("test", bundle, new ProfileOptions([RuntimeKind.Runc], TimeSpan.FromSeconds(60)), null, CancellationToken.None);
        var run = profile.Runs.Single();
        Assert.True(run.Run.ExitCode == 0, run.Run.Stderr);
        var trace = run.Trace;
        Assert.NotNull(trace);
        var estimate = await OverheadEstimator.EstimateAsync(
            bundle, trace.Syscalls.Select(s => KeyValuePair.Create(s.Name, s.Count)), new OverheadOptions(TimeSpan.FromSeconds(60), Repetitions: 5, CacheDirectory: costs.Directory), null, CancellationToken.None);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"runc {estimate.RuncMs:F0} ms, runsc {estimate.RunscMs:F0} ms: measured ×{estimate.MeasuredRatio:F2}, predicted ×{estimate.Prediction.PredictedRatio:F2} (start-up +{estimate.Prediction.StartupExtraMs:F0} ms, syscalls +{estimate.Prediction.SyscallExtraMs:F0} ms)"));
        return estimate;
    }
}

using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Tests.Runtimes;

[Collection(RealRuntimes.Name)]
public sealed class RuntimeProbeTests
{
    [Fact]
    public async Task ProbeAsync_ThisHost_ReportsRunsc20221219WithPtraceAndWithoutKvm()
    {
        var inventory = await RuntimeProbe.ProbeAsync();

        Assert.Empty(inventory.Problems);
        Assert.Equal("runsc version 0.0~20221219.0", inventory.Runsc?.Version);
        Assert.StartsWith("runc version 1.1.5", inventory.Runc?.Version, StringComparison.Ordinal);
        Assert.NotNull(inventory.Strace);
        Assert.Equal(20221219, inventory.RunscReleaseDate);
        Assert.True(inventory.RunscPlatforms.Single(p => p.Name == "ptrace").Available);
        var kvm = inventory.RunscPlatforms.Single(p => p.Name == "kvm");
        Assert.Contains("/dev/kvm", kvm.Reason, StringComparison.Ordinal);
        Assert.False(inventory.RunscPlatforms.Single(p => p.Name == "systrap").Available);
        Assert.Equal("ptrace", inventory.BestRunscPlatform);
    }

    [Theory]
    [InlineData("runsc version 0.0~20221219.0", 20221219)]
    [InlineData("runsc version release-20230417.0", 20230417)]
    [InlineData("runsc version 0.0.0", null)]
    public void ParseReleaseDate_VersionLine_ReturnsDateOrNull(string version, int? expected) =>
        Assert.Equal(expected, RuntimeProbe.ParseReleaseDate(version));

    [Fact]
    public void PlatformsFor_SystrapReleaseWithKvm_OrdersKvmFirstButDefaultsToSystrap()
    {
        var platforms = RuntimeProbe.PlatformsFor(20230417, kvmProblem: null);

        Assert.Equal(["kvm", "systrap", "ptrace"], platforms.Select(p => p.Name));
        Assert.All(platforms, p => Assert.True(p.Available));
        Assert.Equal("systrap", RuntimeProbe.DefaultPlatform(platforms));
    }

    [Fact]
    public void DefaultPlatform_OldReleaseWithKvm_IsPtraceNotKvm() =>
        Assert.Equal("ptrace", RuntimeProbe.DefaultPlatform(RuntimeProbe.PlatformsFor(20221219, kvmProblem: null)));

    [Fact]
    public void MissingBinary_Runsc_NamesAptGetFix() =>
        Assert.Equal("apt-get install -y runsc", RuntimeProbe.MissingBinary("runsc").Fix);

    [Fact]
    public void Locate_UnknownBinary_ReturnsNull() =>
        Assert.Null(RuntimeProbe.Locate("palisade-no-such-binary"));
}

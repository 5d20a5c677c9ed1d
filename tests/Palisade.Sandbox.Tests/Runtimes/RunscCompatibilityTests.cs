using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Tests.Runtimes;

[Collection(RealRuntimes.Name)]
public sealed class RunscCompatibilityTests
{
    [Fact]
    public async Task GetSyscallTableJsonAsync_SecondCall_ReturnsCachedFileContent()
    {
        var cache = Directory.CreateTempSubdirectory("palisade-cache-test-").FullName;
        try
        {
            var first = await RunscCompatibility.GetSyscallTableJsonAsync(cache, CancellationToken.None);
            var file = RunscCompatibility.CacheFileFor(cache, "runsc version 0.0~20221219.0");
            Assert.True(File.Exists(file));
            Assert.Contains("\"syscalls\"", first, StringComparison.Ordinal);

            // Marking the cached copy proves the second call reads the file instead of asking runsc again.
            await File.AppendAllTextAsync(file, "\n");
            var second = await RunscCompatibility.GetSyscallTableJsonAsync(cache, CancellationToken.None);

            Assert.Equal(first + "\n", second);
            Assert.Equal(await File.ReadAllTextAsync(file), second);
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public void CacheFileFor_VersionLine_UsesVersionInFileName() =>
        Assert.Equal(Path.Combine("/c", "runsc-syscalls-0.0_20221219.0.json"), RunscCompatibility.CacheFileFor("/c", "runsc version 0.0~20221219.0"));
}

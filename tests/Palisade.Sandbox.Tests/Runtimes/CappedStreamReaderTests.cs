using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Tests.Runtimes;

public sealed class CappedStreamReaderTests
{
    [Fact]
    public async Task ReadAllAsync_StreamLongerThanLimit_KeepsPrefixAndFlagsTruncation()
    {
        using var stream = new MemoryStream(new byte[200_000]);

        var text = await CappedStreamReader.ReadAllAsync(stream, 100_000);

        Assert.Equal(100_000, text.Text.Length);
        Assert.True(text.Truncated);
        Assert.Equal(stream.Length, stream.Position);
    }

    [Fact]
    public async Task ReadAllAsync_StreamWithinLimit_KeepsAllUntruncated()
    {
        using var stream = new MemoryStream("abc"u8.ToArray());

        var text = await CappedStreamReader.ReadAllAsync(stream, 3);

        Assert.Equal("abc", text.Text);
        Assert.False(text.Truncated);
    }
}

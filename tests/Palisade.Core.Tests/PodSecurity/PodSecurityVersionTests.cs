using Palisade.Core.PodSecurity;

namespace Palisade.Core.Tests.PodSecurity;

public sealed class PodSecurityVersionTests
{
    [Theory]
    [InlineData("latest", "latest")]
    [InlineData("v1.0", "v1.0")]
    [InlineData("v1.25", "v1.25")]
    [InlineData("v1.99", "v1.99")]
    public void TryParse_ValidLabel_RoundTrips(string text, string expected)
    {
        Assert.True(PodSecurityVersion.TryParse(text, out var v));
        Assert.Equal(expected, v.ToString());
    }

    [Theory]
    [InlineData("v1.05")]
    [InlineData("1.25")]
    [InlineData("v2.0")]
    [InlineData("V1.2")]
    [InlineData("v1.")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Latest")]
    [InlineData("v1.99999999999")]
    public void TryParse_InvalidLabel_IsRejected(string? text) =>
        Assert.False(PodSecurityVersion.TryParse(text, out _));
}

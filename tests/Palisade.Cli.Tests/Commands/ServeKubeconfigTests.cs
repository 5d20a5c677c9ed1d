using Palisade.Cli.Commands;

namespace Palisade.Cli.Tests.Commands;

public sealed class ServeKubeconfigTests
{
    [Theory]
    [InlineData("/etc/k.yaml", "/a:/b", new[] { "/etc/k.yaml" })]
    [InlineData(null, "/a:/b", new[] { "/a", "/b" })]
    [InlineData(null, "/home/u/.kube/config", new[] { "/home/u/.kube/config" })]
    [InlineData(null, "", new string[0])]
    [InlineData(null, null, new string[0])]
    public void KubeconfigPaths_OptionElseKubeconfigVariable_AsKubectlReadsThem(string? option, string? environment, string[] expected) =>
        Assert.Equal(expected, ServeCommand.KubeconfigPaths(option, environment));
}

using Palisade.Sandbox.Node;

namespace Palisade.Sandbox.Tests.Node;

public sealed class CriRuntimeConfigTests
{
    [Fact]
    public void Parse_ContainerdStatusConfig_ReadsHandlersBinaryAndSandboxImage()
    {
        // The shape of containerd 1.6's CRI Status(verbose) info["config"], trimmed.
        const string Json = """
            {"containerd":{"snapshotter":"overlayfs","defaultRuntimeName":"runc","runtimes":{
              "runc":{"runtimeType":"io.containerd.runc.v2","options":{}},
              "runsc":{"runtimeType":"io.containerd.runc.v2","options":{"BinaryName":"/usr/local/bin/runsc-cri","Root":"/run/runsc-root"}}}},
             "sandboxImage":"registry.k8s.io/pause:3.6","stateDir":"/run/containerd/io.containerd.grpc.v1.cri"}
            """;

        var config = CriRuntimeConfig.Parse(Json);

        Assert.Equal("registry.k8s.io/pause:3.6", config.SandboxImage);
        Assert.Equal("/run/containerd/io.containerd.grpc.v1.cri", config.StateDir);
        Assert.False(config.Runtimes["runc"].IsRunscUnderRuncShim);
        Assert.Equal("io.containerd.runc.v2", config.Runtimes["runc"].ToString());
        var runsc = config.Runtimes["runsc"];
        Assert.True(runsc.IsRunscUnderRuncShim);
        Assert.Equal("/run/runsc-root", runsc.Root);
        Assert.Equal("io.containerd.runc.v2 BinaryName=/usr/local/bin/runsc-cri", runsc.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    public void Parse_MissingOrBrokenJson_GivesEmptyConfig(string? json)
    {
        var config = CriRuntimeConfig.Parse(json);

        Assert.Empty(config.Runtimes);
        Assert.Null(config.SandboxImage);
    }

    [Theory]
    [InlineData("pause:3.6", "docker.io/library/pause:3.6")]
    [InlineData("busybox", "docker.io/library/busybox:latest")]
    [InlineData("team/app:1", "docker.io/team/app:1")]
    [InlineData("registry.k8s.io/pause:3.9", "registry.k8s.io/pause:3.9")]
    [InlineData("localhost/palisade/probe:v1", "localhost/palisade/probe:v1")]
    [InlineData("localhost:5000/app", "localhost:5000/app:latest")]
    public void Normalize_ImageReference_MatchesCriListImagesNames(string reference, string expected)
    {
        Assert.Equal(expected, NodeVerifier.Normalize(reference));
    }
}

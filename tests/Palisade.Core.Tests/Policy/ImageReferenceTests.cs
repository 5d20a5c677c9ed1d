using Palisade.Core.Policy;

namespace Palisade.Core.Tests.Policy;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("nginx", "docker.io/library/nginx")]
    [InlineData("nginx:1.27", "docker.io/library/nginx")]
    [InlineData("library/nginx", "docker.io/library/nginx")]
    [InlineData("bitnami/redis:7", "docker.io/bitnami/redis")]
    [InlineData("docker.io/nginx", "docker.io/library/nginx")]
    [InlineData("index.docker.io/library/nginx@sha256:0123", "docker.io/library/nginx")]
    [InlineData("localhost/app", "localhost/app")]
    [InlineData("localhost:5000/app:v1", "localhost:5000/app")]
    [InlineData("Registry.Example.com/Team/App:1", "registry.example.com/Team/App")]
    [InlineData("ghcr.io/acme/tools/cli@sha256:abcd", "ghcr.io/acme/tools/cli")]
    public void Parse_ImageReference_NormalisesAsDocker(string image, string expected)
    {
        Assert.Equal(expected, ImageReference.Parse(image).ToString());
    }

    [Theory]
    [InlineData("registry.internal", "registry.internal/app:1", true)]
    [InlineData("registry.internal", "registry.internal:5000/app", false)]
    [InlineData("registry.internal:5000", "registry.internal:5000/app", true)]
    [InlineData("*.corp.example", "a.corp.example/app", true)]
    [InlineData("*.corp.example", "corp.example/app", false)]
    [InlineData("*.corp.example", "evilcorp.example/app", false)]
    [InlineData("ghcr.io/acme", "ghcr.io/acme/app", true)]
    [InlineData("ghcr.io/acme", "ghcr.io/acme-evil/app", false)]
    [InlineData("docker.io", "nginx", true)]
    [InlineData("docker.io/library", "nginx", true)]
    [InlineData("docker.io/library", "bitnami/redis", false)]
    public void Matches_RegistryPattern_MatchesHostWildcardAndPathPrefix(string pattern, string image, bool expected)
    {
        Assert.Null(RegistryPattern.Validate(pattern));
        Assert.Equal(expected, RegistryPattern.Create(pattern).Matches(ImageReference.Parse(image)));
    }

    [Theory]
    [InlineData("https://r.example.com")]
    [InlineData("r.example.com:99999")]
    [InlineData("R.Example.com")]
    [InlineData("r.*.example.com")]
    [InlineData("r.example.com/app:1")]
    [InlineData("r.example.com/")]
    [InlineData("r.example.com/app@sha256:0")]
    public void Validate_BadPattern_ExplainsProblem(string pattern)
    {
        Assert.NotNull(RegistryPattern.Validate(pattern));
    }
}

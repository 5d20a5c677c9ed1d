namespace Palisade.Core.Policy;

/// <summary>
/// The registry and repository of an image reference, normalised as Docker and Kubernetes do: the first path
/// component is a registry only when it holds a '.' or ':' or is <c>localhost</c>; otherwise the registry is
/// <c>docker.io</c>, and a single-component name is under <c>library/</c>. Tag and digest are dropped.
/// </summary>
internal readonly record struct ImageReference(string Registry, string Repository)
{
    public const string DockerHub = "docker.io";

    public static ImageReference Parse(string image)
    {
        var name = image.AsSpan();
        var at = name.IndexOf('@');
        if (at >= 0)
        {
            name = name[..at];
        }

        var lastSlash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > lastSlash)
        {
            name = name[..colon];
        }

        var slash = name.IndexOf('/');
        if (slash > 0)
        {
            var first = name[..slash];
            if (first.IndexOfAny('.', ':') >= 0 || first.SequenceEqual("localhost"))
            {
                var registry = first.ToString().ToLowerInvariant();
                if (registry == "index.docker.io")
                {
                    registry = DockerHub;
                }

                var repository = name[(slash + 1)..].ToString();
                return new ImageReference(registry, registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal) ? "library/" + repository : repository);
            }

            return new ImageReference(DockerHub, name.ToString());
        }

        return new ImageReference(DockerHub, "library/" + name.ToString());
    }

    public override string ToString() => Registry + "/" + Repository;
}

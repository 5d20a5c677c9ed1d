namespace Palisade.Core.Policy;

/// <summary>
/// One entry of <c>registriesIn</c> / <c>registriesNotIn</c>: a registry host (<c>registry.internal:5000</c>), a host
/// wildcard (<c>*.corp.example</c>, any subdomain, not the domain itself), or a host with a repository prefix
/// (<c>ghcr.io/acme</c>, matching <c>ghcr.io/acme/...</c>).
/// </summary>
internal sealed class RegistryPattern
{
    private readonly string _host;
    private readonly bool _wildcard;
    private readonly string? _pathPrefix;

    private RegistryPattern(string text)
    {
        Text = text;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? text : text[..slash];
        _pathPrefix = slash < 0 ? null : text[(slash + 1)..] + "/";
        _wildcard = host.StartsWith("*.", StringComparison.Ordinal);
        _host = _wildcard ? host[1..] : host;
        if (_host == "index.docker.io")
        {
            _host = ImageReference.DockerHub;
        }
    }

    public string Text { get; }

    public static RegistryPattern Create(string text) => new(text);

    /// <summary>Null when <paramref name="text"/> is a valid pattern, else what is wrong with it.</summary>
    public static string? Validate(string text)
    {
        if (text.Contains("://", StringComparison.Ordinal))
        {
            return "write the registry host without a scheme (registry.example.com, not https://registry.example.com)";
        }

        if (text.AsSpan().IndexOfAny('@', ' ', '\t') >= 0)
        {
            return "a registry cannot contain spaces or a digest";
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? text : text[..slash];
        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            host = host[2..];
        }

        var colon = host.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            if (!int.TryParse(host.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return "the port must be a number from 1 to 65535";
            }

            host = host[..colon];
        }

        if (host != "localhost" && !Names.IsDnsSubdomain(host))
        {
            return "the host must be a lowercase DNS name (registry.example.com), optionally *.domain, :port and /path";
        }

        if (host.Contains('*', StringComparison.Ordinal) || text.IndexOf('*', 1) >= 0)
        {
            return "'*' is only allowed as the first label of the host (*.example.com)";
        }

        if (slash >= 0)
        {
            var path = text[(slash + 1)..];
            if (path.Length == 0 || path.EndsWith('/') || path.Contains(':', StringComparison.Ordinal) || path.Split('/').Any(p => p.Length == 0))
            {
                return "the repository prefix must be path components without a tag (ghcr.io/acme)";
            }
        }

        return null;
    }

    public bool Matches(ImageReference image)
    {
        var hostMatches = _wildcard
            ? image.Registry.EndsWith(_host, StringComparison.Ordinal) && image.Registry.Length > _host.Length
            : string.Equals(image.Registry, _host, StringComparison.Ordinal);
        return hostMatches && (_pathPrefix is null || image.Repository.StartsWith(_pathPrefix, StringComparison.Ordinal));
    }
}

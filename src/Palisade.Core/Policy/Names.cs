using System.Text.RegularExpressions;

namespace Palisade.Core.Policy;

/// <summary>Kubernetes name and label syntax (apimachinery's validation rules), for checking policy files.</summary>
internal static partial class Names
{
    public static bool IsDnsLabel(string text) => text.Length <= 63 && DnsLabel().IsMatch(text);

    public static bool IsDnsSubdomain(string text) => text.Length <= 253 && DnsSubdomain().IsMatch(text);

    /// <summary>A qualified name with an optional DNS-subdomain prefix: <c>app</c>, <c>palisade.dev/trust</c>.</summary>
    public static bool IsLabelKey(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? text : text[(slash + 1)..];
        if (slash >= 0 && (slash == 0 || !IsDnsSubdomain(text[..slash])))
        {
            return false;
        }

        return name.Length is > 0 and <= 63 && QualifiedName().IsMatch(name);
    }

    public static bool IsLabelValue(string text) => text.Length == 0 || (text.Length <= 63 && QualifiedName().IsMatch(text));

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();
}

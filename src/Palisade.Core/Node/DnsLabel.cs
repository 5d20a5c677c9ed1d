using System.Text.RegularExpressions;

namespace Palisade.Core.Node;

/// <summary>RFC 1123 labels, which RuntimeClass handlers must be.</summary>
internal static partial class DnsLabel
{
    public static bool IsValid(string name) => name.Length <= 63 && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Pattern();
}

using Tomlyn.Syntax;

namespace Palisade.Core.Node;

/// <summary>Reads key paths out of Tomlyn's syntax tree.</summary>
internal static class TomlKeys
{
    /// <summary>The segments of a (possibly dotted, possibly quoted) key.</summary>
    public static List<string> Segments(KeySyntax? key)
    {
        var segments = new List<string>();
        if (key is null)
        {
            return segments;
        }

        segments.Add(Segment(key.Key));
        if (key.DotKeys is { } dots)
        {
            foreach (var item in dots)
            {
                segments.Add(Segment(item.Key));
            }
        }

        return segments;
    }

    private static string Segment(SyntaxNode? node) => node switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax text => text.Value ?? "",
        _ => node?.ToString()?.Trim() ?? "",
    };
}

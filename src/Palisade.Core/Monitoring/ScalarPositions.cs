using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Palisade.Core.Monitoring;

/// <summary>Maps a character offset in a YAML scalar's value back to the file's line and column.</summary>
internal static class ScalarPositions
{
    public static Func<int, (int Line, int Column)> For(YamlScalarNode node, string[] lines)
    {
        var start = node.Start;
        var quoted = node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted ? 1 : 0;
        if (node.Start.Line == node.End.Line)
        {
            return offset => ((int)start.Line, (int)start.Column + quoted + offset);
        }

        // Multi-line scalars: the value is the lines' content joined by one character (space or newline), which
        // holds for the plain, folded and literal conditions rules files use.
        var segments = new List<(int Line, int Column, int Length)>();
        var block = node.Style is ScalarStyle.Folded or ScalarStyle.Literal;
        for (var n = (int)start.Line + (block ? 1 : 0); n <= Math.Min(node.End.Line, lines.Length); n++)
        {
            var text = lines[n - 1];
            var first = n == start.Line ? (int)start.Column - 1 + quoted : text.Length - text.TrimStart().Length;
            var content = first < text.Length ? text[first..].TrimEnd() : "";
            if (content.Length > 0)
            {
                segments.Add((n, first + 1, content.Length));
            }
        }

        return offset =>
        {
            foreach (var (line, column, length) in segments)
            {
                if (offset <= length)
                {
                    return (line, column + offset);
                }

                offset -= length + 1;
            }

            return ((int)start.Line, (int)start.Column);
        };
    }
}

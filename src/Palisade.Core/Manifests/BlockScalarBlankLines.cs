namespace Palisade.Core.Manifests;

/// <summary>
/// Empties the whitespace-only lines that open a block scalar (<c>key: |</c>, <c>key: &gt;-</c>) before YamlDotNet
/// reads the text. YamlDotNet refuses such a first line ("found extra spaces in first line") where go-yaml (kubectl)
/// and PyYAML read it as an empty line; Helm-rendered ConfigMaps have it often. A leading empty line adds only a line
/// break to the value whatever spaces it holds, so emptying it changes no value; removing spaces from a whitespace-only
/// line moves no other line or column, so positions stay right.
/// </summary>
/// <remarks>
/// Only lines before the block's first content line are touched, and only when they hold no more spaces than that
/// line (more would be content, or an error in every reader) or when the block has no content at all. Lines inside a
/// block scalar are never taken for headers. Headers with an explicit indentation indicator (<c>|2</c>) are left
/// alone: they do not auto-detect and YamlDotNet reads them.
/// </remarks>
internal static class BlockScalarBlankLines
{
    /// <summary>The text with those lines emptied; the same instance when there is none.</summary>
    public static string Normalize(string text)
    {
        if (text.AsSpan().IndexOfAny('|', '>') < 0)
        {
            return text;
        }

        var lines = Lines(text);
        List<(int Start, int Length)>? blank = null;
        var blockIndent = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = text.AsSpan(lines[i].Start, lines[i].Length);
            if (blockIndent >= 0)
            {
                if (IsBlank(line) || Indent(line) >= blockIndent)
                {
                    continue;
                }

                blockIndent = -1;
            }

            if (!IsHeader(line, out var parentIndent))
            {
                continue;
            }

            var next = i + 1;
            while (next < lines.Count && IsBlank(text.AsSpan(lines[next].Start, lines[next].Length)))
            {
                next++;
            }

            var contentIndent = next < lines.Count ? Indent(text.AsSpan(lines[next].Start, lines[next].Length)) : -1;
            var hasContent = contentIndent > parentIndent;
            for (var j = i + 1; j < next; j++)
            {
                var spaces = text.AsSpan(lines[j].Start, lines[j].Length);
                if (spaces.Length > 0 && spaces.IndexOfAnyExcept(' ') < 0 && (!hasContent || spaces.Length <= contentIndent))
                {
                    (blank ??= []).Add(lines[j]);
                }
            }

            blockIndent = hasContent ? contentIndent : -1;
            i = hasContent ? next : next - 1;
        }

        return blank is null ? text : Without(text, blank);
    }

    /// <summary>Each line's start and length, without its line break (<c>\n</c> or <c>\r\n</c>).</summary>
    private static List<(int Start, int Length)> Lines(string text)
    {
        var lines = new List<(int, int)>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf('\n', start);
            var stop = end < 0 ? text.Length : end;
            var length = stop > start && text[stop - 1] == '\r' ? stop - start - 1 : stop - start;
            lines.Add((start, length));
            if (end < 0)
            {
                break;
            }

            start = end + 1;
        }

        return lines;
    }

    private static bool IsBlank(ReadOnlySpan<char> line) => line.IndexOfAnyExcept(' ', '\t') < 0;

    private static int Indent(ReadOnlySpan<char> line)
    {
        var indent = line.IndexOfAnyExcept(' ');
        return indent < 0 ? line.Length : indent;
    }

    /// <summary>
    /// A line ending in a block scalar indicator without indentation indicator (<c>|</c>, <c>|-</c>, <c>&gt;+</c>,
    /// maybe a comment after it) after a key, a sequence dash, a tag or an anchor. <paramref name="parentIndent"/> is
    /// the column of the key, or of the dash for a sequence item: the block's content is indented further.
    /// </summary>
    private static bool IsHeader(ReadOnlySpan<char> line, out int parentIndent)
    {
        parentIndent = -1;
        var comment = line.IndexOf(" #", StringComparison.Ordinal);
        var body = (comment >= 0 ? line[..comment] : line).TrimEnd(' ');
        if (body.Length > 0 && body[^1] is '+' or '-' && body.Length > 1 && body[^2] is '|' or '>')
        {
            body = body[..^1];
        }

        if (body.Length == 0 || body[^1] is not ('|' or '>') || (body.Length > 1 && body[^2] != ' '))
        {
            return false;
        }

        var before = body[..^1].TrimEnd(' ');
        var lastToken = before[(before.LastIndexOf(' ') + 1)..];
        if (!(before.EndsWith(':') || lastToken is "-" or "---" || (lastToken.Length > 0 && lastToken[0] is '!' or '&')))
        {
            return false;
        }

        var column = Indent(line);
        if (line[column..].StartsWith('#'))
        {
            return false;
        }

        if (line[column..].StartsWith("---"))
        {
            return true;
        }

        while (column + 1 < line.Length && line[column] == '-' && line[column + 1] == ' ')
        {
            parentIndent = column;
            column += 1 + line[(column + 1)..].IndexOfAnyExcept(' ');
        }

        if (before.Contains(':'))
        {
            parentIndent = column;
        }

        return true;
    }

    private static string Without(string text, List<(int Start, int Length)> blank)
    {
        var removed = blank.Sum(b => b.Length);
        return string.Create(text.Length - removed, (text, blank), static (span, state) =>
        {
            var (source, lines) = state;
            var from = 0;
            var to = 0;
            foreach (var (start, length) in lines)
            {
                source.AsSpan(from, start - from).CopyTo(span[to..]);
                to += start - from;
                from = start + length;
            }

            source.AsSpan(from).CopyTo(span[to..]);
        });
    }
}

namespace Palisade.Core.Manifests;

/// <summary>
/// A cheap linear pre-check of flow nesting (<c>[</c> and <c>{</c>). YamlDotNet's scanner does work proportional to
/// the open flow levels for every token, so thousands of levels cost seconds before our own depth check sees them.
/// Brackets are counted everywhere (also in quoted text and comments, so nothing can hide them); the limit is
/// generous to tolerate unbalanced brackets inside strings.
/// </summary>
internal static class FlowDepthScan
{
    /// <summary>
    /// Finds the first document whose bracket count exceeds <paramref name="limit"/>. Returns false if there is none;
    /// otherwise <paramref name="documentStart"/> is where that document starts and <paramref name="position"/> is
    /// where the count first passed <paramref name="reportDepth"/>.
    /// </summary>
    public static bool TryFindTooDeep(string text, int limit, int reportDepth, out int documentStart, out SourcePosition position)
    {
        documentStart = 0;
        position = SourcePosition.Unknown;
        var depth = 0;
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '[' or '{':
                    depth++;
                    if (depth == reportDepth + 1)
                    {
                        position = new(line, i - lineStart + 1);
                    }

                    if (depth > limit)
                    {
                        return true;
                    }

                    break;
                case ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case '\n':
                    line++;
                    lineStart = i + 1;
                    if (IsDocumentMarker(text, i + 1))
                    {
                        depth = 0;
                        documentStart = i + 1;
                        position = SourcePosition.Unknown;
                    }

                    break;
            }
        }

        return false;
    }

    private static bool IsDocumentMarker(string text, int at) =>
        text.AsSpan(at).StartsWith("---", StringComparison.Ordinal)
        && (at + 3 == text.Length || text[at + 3] is ' ' or '\t' or '\r' or '\n');
}

using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Palisade.Core.Manifests;

/// <summary>
/// Reads a multi-document YAML (or JSON, which is YAML flow syntax) text into manifest objects. Uses YamlDotNet's
/// event parser, which keeps its own state on the heap, with our own depth counter, so deeply nested input is
/// reported instead of overflowing the stack.
/// </summary>
internal static class YamlManifestReader
{
    public static void Read(
        string source,
        string text,
        ManifestLoaderOptions options,
        AliasBudget aliases,
        List<ManifestObject> objects,
        List<ManifestDiagnostic> diagnostics)
    {
        text = BlockScalarBlankLines.Normalize(text);
        if (FlowDepthScan.TryFindTooDeep(text, options.MaxDepth * 2, options.MaxDepth, out var documentStart, out var deepAt))
        {
            // Read the documents before the deep one; positions stay right because the text is a prefix.
            Read(source, text[..documentStart], options, aliases, objects, diagnostics);
            diagnostics.Add(new(source, deepAt, $"nesting deeper than {options.MaxDepth} levels"));
            return;
        }

        using var buffer = new JsonBuffer();
        var scanner = new Scanner(new StringReader(text), skipComments: true);
        var parser = new Parser(scanner);
        var stack = new List<YamlNode>();
        var stackAnchors = new List<string?>();
        var anchors = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        YamlNode? root = null;
        var document = -1;
        var skipping = false;

        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case DocumentStart:
                        document++;
                        root = null;
                        skipping = false;
                        stack.Clear();
                        stackAnchors.Clear();
                        anchors.Clear();
                        break;
                    case DocumentEnd:
                        if (!skipping && root is not null)
                        {
                            ManifestObjectBuilder.Add(source, document, root, options, buffer, aliases, objects, diagnostics);
                        }

                        break;
                    case var _ when skipping:
                        break;
                    case Scalar scalar:
                        var node = new YamlNode(YamlNodeKind.Scalar, At(scalar.Start))
                        {
                            Value = scalar.Value,
                            IsPlainUntagged = scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty,
                            Tag = scalar.Tag.IsEmpty ? null : scalar.Tag.Value,
                        };
                        Attach(node, stack, ref root);
                        if (!scalar.Anchor.IsEmpty)
                        {
                            anchors[scalar.Anchor.Value] = node;
                        }

                        break;
                    case MappingStart or SequenceStart:
                        var collection = new YamlNode(e is MappingStart ? YamlNodeKind.Mapping : YamlNodeKind.Sequence, At(e.Start));
                        Attach(collection, stack, ref root);
                        stack.Add(collection);
                        var anchorName = ((NodeEvent)e).Anchor;
                        stackAnchors.Add(anchorName.IsEmpty ? null : anchorName.Value);
                        if (stack.Count > options.MaxDepth)
                        {
                            diagnostics.Add(new(source, collection.Start, $"nesting deeper than {options.MaxDepth} levels"));
                            skipping = true;
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        var done = stack[^1];
                        var anchor = stackAnchors[^1];
                        stack.RemoveAt(stack.Count - 1);
                        stackAnchors.RemoveAt(stackAnchors.Count - 1);

                        // Registered only once complete, so a node cannot contain an alias to itself.
                        if (anchor is not null)
                        {
                            anchors[anchor] = done;
                        }

                        break;
                    case AnchorAlias alias:
                        if (!anchors.TryGetValue(alias.Value.Value, out var target))
                        {
                            diagnostics.Add(new(source, At(alias.Start), $"unknown alias *{alias.Value.Value}"));
                            skipping = true;
                            break;
                        }

                        Attach(new YamlNode(YamlNodeKind.Alias, At(alias.Start)) { Target = target }, stack, ref root);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            diagnostics.Add(new(source, At(ex.Start), OneLine(ex.Message)));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // YamlDotNet throws these on some malformed input (an unclosed flow sequence over lines, a bad tag URI).
            var message = ex is InvalidOperationException
                ? "invalid YAML syntax (is a [ or { left unclosed?)"
                : "invalid YAML syntax: " + OneLine(ex.Message);
            diagnostics.Add(new(source, At(scanner.CurrentPosition), message));
        }
    }

    private static void Attach(YamlNode node, List<YamlNode> stack, ref YamlNode? root)
    {
        if (stack.Count == 0)
        {
            root = node;
        }
        else
        {
            stack[^1].Add(node);
        }
    }

    private static SourcePosition At(Mark mark) => new((int)Math.Min(mark.Line, int.MaxValue), (int)Math.Min(mark.Column, int.MaxValue));

    private static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();
}

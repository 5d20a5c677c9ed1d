using System.Text.Json;
using System.Text.Json.Nodes;

namespace Palisade.Core.Manifests;

/// <summary>
/// Converts one YAML document tree to JSON, recording the position of every node under its JSON
/// pointer (kept compactly in a <see cref="PositionTable"/>). Mapping members are located at their key, sequence items at the item. Nodes reached through an alias
/// keep the positions of the anchored text, except the alias itself, which is located where it is used.
/// </summary>
internal sealed class YamlJsonConverter
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    private readonly ManifestLoaderOptions _options;
    private readonly Utf8JsonWriter _writer;
    private readonly AliasBudget _aliases;

    private YamlJsonConverter(ManifestLoaderOptions options, Utf8JsonWriter writer, AliasBudget aliases)
    {
        _options = options;
        _writer = writer;
        _aliases = aliases;
    }

    public PositionTable Positions { get; } = new();

    /// <summary>Set when the document could not be converted; conversion stops at the first failure.</summary>
    public (SourcePosition Position, string Message)? Failure { get; private set; }

    /// <summary>
    /// Writes <paramref name="root"/> as JSON to <paramref name="writer"/>. The JSON is parsed back into a
    /// <see cref="JsonNode"/> by the caller: a node parsed from bytes keeps its children as one compact document until
    /// they are touched, which is far cheaper for the garbage collector than thousands of small node objects per
    /// manifest.
    /// </summary>
    public static YamlJsonConverter Convert(YamlNode root, ManifestLoaderOptions options, Utf8JsonWriter writer, AliasBudget aliases)
    {
        var converter = new YamlJsonConverter(options, writer, aliases);
        converter.Convert(root, parent: -1, key: null, index: 0, root.Start, depth: 1, viaAlias: false);
        writer.Flush();
        return converter;
    }

    private void Convert(YamlNode node, int parent, string? key, int index, SourcePosition position, int depth, bool viaAlias)
    {
        if (node.Kind == YamlNodeKind.Alias)
        {
            node = node.Target!;
            viaAlias = true;
        }

        if (viaAlias && !_aliases.TrySpend())
        {
            Fail(position, _aliases.Exhausted);
            return;
        }

        var entry = Positions.Add(parent, key, index, position);
        if (node.Kind == YamlNodeKind.Scalar)
        {
            WriteScalar(node);
            return;
        }

        if (depth > _options.MaxDepth)
        {
            Fail(position, $"nesting deeper than {_options.MaxDepth} levels");
            return;
        }

        if (node.Kind == YamlNodeKind.Sequence)
        {
            _writer.WriteStartArray();
            var items = node.Children;
            for (var i = 0; i < items.Count && Failure is null; i++)
            {
                var item = items[i];
                Convert(item, entry, key: null, i, item.Start, depth + 1, viaAlias);
            }

            _writer.WriteEndArray();
            return;
        }

        var entries = Entries(node, viaAlias, mergeDepth: 0);
        if (entries is null)
        {
            return;
        }

        _writer.WriteStartObject();
        foreach (var member in entries)
        {
            if (member.Value is null)
            {
                continue;
            }

            _writer.WritePropertyName(member.Key);
            Convert(member.Value, entry, member.Key, index: 0, member.Position, depth + 1, member.ViaAlias);
            if (Failure is not null)
            {
                return;
            }
        }

        _writer.WriteEndObject();
    }

    /// <summary>
    /// The members a mapping ends up with: a repeated key keeps its last value (as go-yaml does); merge keys
    /// (<c>&lt;&lt;: *base</c>) add members the mapping does not set itself, earlier merged mappings first.
    /// A superseded entry keeps a null value so it is skipped.
    /// </summary>
    private List<Entry>? Entries(YamlNode mapping, bool viaAlias, int mergeDepth)
    {
        if (mergeDepth > _options.MaxDepth)
        {
            Fail(mapping.Start, $"merge keys nested deeper than {_options.MaxDepth} levels");
            return null;
        }

        var children = mapping.Children;
        var entries = new List<Entry>(children.Count / 2);
        Dictionary<string, int>? index = null;
        List<(YamlNode Value, bool ViaAlias)>? merges = null;
        for (var i = 0; i + 1 < children.Count; i += 2)
        {
            var keyNode = children[i].Resolved;
            if (keyNode.Kind != YamlNodeKind.Scalar)
            {
                Fail(children[i].Start, "mapping key must be a scalar");
                return null;
            }

            if (IsMergeKey(keyNode))
            {
                (merges ??= []).Add((children[i + 1], viaAlias));
                continue;
            }

            var key = KeyText(keyNode);
            var at = Find(entries, ref index, key);
            var entry = new Entry(key, children[i].Start, children[i + 1], viaAlias);
            if (at >= 0)
            {
                Fail(children[i].Start, $"duplicate field \"{key}\" (already set at line {entries[at].Position.Line}); kubectl and the API server's strict field validation reject it");
                return null;
            }

            AddEntry(entries, ref index, entry);
        }

        if (merges is not null)
        {
            foreach (var (value, mergeViaAlias) in merges)
            {
                if (!Merge(value, mergeViaAlias || value.Kind == YamlNodeKind.Alias, entries, ref index, mergeDepth))
                {
                    return null;
                }
            }
        }

        return entries;
    }

    private bool Merge(YamlNode value, bool viaAlias, List<Entry> entries, ref Dictionary<string, int>? index, int mergeDepth)
    {
        var source = value.Resolved;
        if (source.Kind == YamlNodeKind.Mapping)
        {
            var merged = Entries(source, viaAlias, mergeDepth + 1);
            if (merged is null)
            {
                return false;
            }

            foreach (var entry in merged)
            {
                if (entry.Value is not null && Find(entries, ref index, entry.Key) < 0)
                {
                    if (viaAlias && !_aliases.TrySpend())
                    {
                        Fail(value.Start, _aliases.Exhausted);
                        return false;
                    }

                    AddEntry(entries, ref index, entry with { ViaAlias = viaAlias });
                }
            }

            return true;
        }

        if (source.Kind == YamlNodeKind.Sequence && value.Kind != YamlNodeKind.Alias)
        {
            foreach (var item in source.Children)
            {
                if (item.Resolved.Kind != YamlNodeKind.Mapping)
                {
                    Fail(item.Start, "merge key << needs a mapping or a list of mappings");
                    return false;
                }

                if (!Merge(item, viaAlias || item.Kind == YamlNodeKind.Alias, entries, ref index, mergeDepth))
                {
                    return false;
                }
            }

            return true;
        }

        Fail(value.Start, "merge key << needs a mapping or a list of mappings");
        return false;
    }

    private static int Find(List<Entry> entries, ref Dictionary<string, int>? index, string key)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out var at) ? at : -1;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Value is not null && string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static void AddEntry(List<Entry> entries, ref Dictionary<string, int>? index, Entry entry)
    {
        entries.Add(entry);
        if (index is not null)
        {
            index[entry.Key] = entries.Count - 1;
        }
        else if (entries.Count > 16)
        {
            // Large mappings switch to a hash index so repeated keys stay linear.
            index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < entries.Count; i++)
            {
                if (entries[i].Value is not null)
                {
                    index[entries[i].Key] = i;
                }
            }
        }
    }

    private static bool IsMergeKey(YamlNode key) =>
        (key.IsPlainUntagged && key.Value == "<<") || key.Tag == TagPrefix + "merge";

    private static string KeyText(YamlNode key) =>
        key.IsPlainUntagged ? YamlScalarResolver.Resolve(key.Value).ToKey(key.Value) : key.Value;

    private void WriteScalar(YamlNode node)
    {
        if (node.IsPlainUntagged)
        {
            YamlScalarResolver.Resolve(node.Value).Write(_writer, node.Value);
            return;
        }

        // Explicit core-schema tags are honoured when the text fits them; any other tag (and quoting) means string.
        if (node.Tag is { } tag && tag.StartsWith(TagPrefix, StringComparison.Ordinal))
        {
            var resolved = YamlScalarResolver.Resolve(node.Value);
            var fits = tag.AsSpan(TagPrefix.Length) switch
            {
                "null" => resolved.Kind == ScalarKind.Null,
                "bool" => resolved.Kind == ScalarKind.Bool,
                "int" => resolved.Kind is ScalarKind.Int or ScalarKind.UInt,
                "float" => resolved.Kind is ScalarKind.Float or ScalarKind.Int or ScalarKind.UInt,
                _ => false,
            };
            if (fits)
            {
                resolved.Write(_writer, node.Value);
                return;
            }
        }

        _writer.WriteStringValue(node.Value);
    }

    private void Fail(SourcePosition position, string message) => Failure ??= (position, message);

    private readonly record struct Entry(string Key, SourcePosition Position, YamlNode? Value, bool ViaAlias);
}

using System.Text.Json.Nodes;

namespace Palisade.Core.Manifests;

/// <summary>
/// Converts one YAML document tree to a <see cref="JsonNode"/>, recording the position of every node under its JSON
/// pointer. Mapping members are located at their key, sequence items at the item. Nodes reached through an alias
/// keep the positions of the anchored text, except the alias itself, which is located where it is used.
/// </summary>
internal sealed class YamlJsonConverter
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    private readonly ManifestLoaderOptions _options;
    private int _aliasNodes;

    private YamlJsonConverter(ManifestLoaderOptions options) => _options = options;

    public Dictionary<string, SourcePosition> Positions { get; } = new(StringComparer.Ordinal);

    /// <summary>Set when the document could not be converted; conversion stops at the first failure.</summary>
    public (SourcePosition Position, string Message)? Failure { get; private set; }

    public static YamlJsonConverter Convert(YamlNode root, ManifestLoaderOptions options, out JsonNode? json)
    {
        var converter = new YamlJsonConverter(options);
        json = converter.Convert(root, "", root.Start, depth: 1, viaAlias: false);
        return converter;
    }

    private JsonNode? Convert(YamlNode node, string pointer, SourcePosition position, int depth, bool viaAlias)
    {
        if (node.Kind == YamlNodeKind.Alias)
        {
            node = node.Target!;
            viaAlias = true;
        }

        if (viaAlias && ++_aliasNodes > _options.MaxAliasNodes)
        {
            Fail(position, $"too many alias expansions (over {_options.MaxAliasNodes} nodes)");
            return null;
        }

        Positions[pointer] = position;
        switch (node.Kind)
        {
            case YamlNodeKind.Scalar:
                return ConvertScalar(node);
            case YamlNodeKind.Sequence:
                if (depth > _options.MaxDepth)
                {
                    Fail(position, $"nesting deeper than {_options.MaxDepth} levels");
                    return null;
                }

                var array = new JsonArray();
                var items = node.Children;
                for (var i = 0; i < items.Count && Failure is null; i++)
                {
                    var item = items[i];
                    array.Add(Convert(item, JsonPointer.Append(pointer, i), item.Start, depth + 1, viaAlias));
                }

                return array;
            default:
                if (depth > _options.MaxDepth)
                {
                    Fail(position, $"nesting deeper than {_options.MaxDepth} levels");
                    return null;
                }

                return ConvertMapping(node, pointer, depth, viaAlias);
        }
    }

    private JsonObject? ConvertMapping(YamlNode node, string pointer, int depth, bool viaAlias)
    {
        var entries = Entries(node, viaAlias, mergeDepth: 0);
        if (entries is null)
        {
            return null;
        }

        var obj = new JsonObject();
        foreach (var entry in entries)
        {
            if (entry.Value is null)
            {
                continue;
            }

            var value = Convert(entry.Value, JsonPointer.Append(pointer, entry.Key), entry.Position, depth + 1, entry.ViaAlias);
            if (Failure is not null)
            {
                return null;
            }

            obj[entry.Key] = value;
        }

        return obj;
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
                entries[at] = entries[at] with { Value = null };
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
                    if (viaAlias && ++_aliasNodes > _options.MaxAliasNodes)
                    {
                        Fail(value.Start, $"too many alias expansions (over {_options.MaxAliasNodes} nodes)");
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

    private static JsonNode? ConvertScalar(YamlNode node)
    {
        if (node.IsPlainUntagged)
        {
            return YamlScalarResolver.Resolve(node.Value).ToJson(node.Value);
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
                return resolved.ToJson(node.Value);
            }
        }

        return JsonValue.Create(node.Value);
    }

    private void Fail(SourcePosition position, string message) => Failure ??= (position, message);

    private readonly record struct Entry(string Key, SourcePosition Position, YamlNode? Value, bool ViaAlias);
}

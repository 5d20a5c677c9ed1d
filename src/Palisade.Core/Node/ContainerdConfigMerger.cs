using System.Globalization;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Palisade.Core.Node;

/// <summary>
/// Merges the runtime tables into an existing containerd config by editing Tomlyn's lossless syntax tree
/// (<see cref="SyntaxParser"/>), not its object model: the model would drop every comment and reorder the user's
/// tables, while the tree keeps both, and only the keys Palisade writes change. Afterwards every value of the original
/// file is checked to be still there, unchanged unless Palisade set it, so a merge can never lose data.
/// </summary>
public static class ContainerdConfigMerger
{
    /// <summary>Merges the tables for <paramref name="options"/> into <paramref name="existing"/> (the text of <paramref name="file"/>).</summary>
    public static ContainerdMergeResult Merge(string existing, string file, NodeConfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(options);
        var document = TomlDocument.Parse(existing, file, out var problem);
        if (document is null || TomlDocument.Model(existing, file, out problem) is null)
        {
            return Failed(problem!);
        }

        if (document.ToString() != existing)
        {
            return Failed(new TomlDiagnostic(file, 1, 1, "the TOML library cannot reproduce this file byte for byte, so it is not edited; add the tables by hand (palisade node config containerd prints them)"));
        }

        var wanted = ContainerdConfigGenerator.ConfigVersion(options.Containerd);
        var version = document.KeyValues.FirstOrDefault(kv => TomlKeys.Segments(kv.Key) is ["version"]);
        var empty = document.Tables.ChildrenCount == 0 && document.KeyValues.ChildrenCount == 0;
        if (version is null && !empty)
        {
            return Failed(new TomlDiagnostic(file, 1, 1, $"no `version` key: containerd reads this file as config version 1, whose plugin sections have other names; convert it to version {wanted} first"));
        }

        if (version is not null && version.Value?.ToString()?.Trim() != wanted.ToString(CultureInfo.InvariantCulture))
        {
            var position = version.Span.Start;
            return Failed(new TomlDiagnostic(file, position.Line + 1, position.Column + 1, $"declares version {version.Value?.ToString()?.Trim()}, but containerd {(options.Containerd == ContainerdMajor.V1 ? "1.x" : "2.x")} tables need version {wanted} (see --containerd-version)"));
        }

        var added = new List<string>();
        var changed = new List<string>();
        if (version is null)
        {
            var versionLine = Snippet($"version = {wanted}\n").KeyValues.GetChild(0)!;
            Detach(versionLine);
            document.KeyValues.Add(versionLine);
            changed.Add("version");
        }

        var tables = ContainerdConfigGenerator.Tables(options);
        foreach (var table in tables)
        {
            var target = document.Tables.OfType<TableSyntax>().FirstOrDefault(t => TomlKeys.Segments(t.Name).SequenceEqual(table.Path));
            if (target is null)
            {
                var text = (table.Comment is null ? "\n" : $"\n# {table.Comment}\n") + $"[{table.Header}]\n" + string.Concat(table.Values.Select(v => $"  {TomlText.Segment(v.Key)} = {v.Value}\n"));
                var fresh = (TableSyntax)Snippet(text).Tables.GetChild(0)!;
                Detach(fresh);
                document.Tables.Add(fresh);
                added.Add(table.Header);
                continue;
            }

            foreach (var (key, value) in table.Values)
            {
                var current = target.Items.OfType<KeyValueSyntax>().FirstOrDefault(kv => TomlKeys.Segments(kv.Key).SequenceEqual([key]));
                var replacement = (KeyValueSyntax)Snippet($"[x]\n  {TomlText.Segment(key)} = {value}\n").Tables.GetChild(0)!.Items.GetChild(0)!;
                if (current is null)
                {
                    Detach(replacement);
                    target.Items.Add(replacement);
                    changed.Add($"{table.Header}.{key}");
                }
                else if (current.Value?.ToString()?.Trim() != value)
                {
                    var newValue = replacement.Value!;
                    replacement.Value = null;
                    // Keep a comment that trailed the old value on the same line (it hangs off the value's last token).
                    var oldLast = current.Value is null ? null : current.Value.Tokens().OfType<SyntaxNode>().LastOrDefault();
                    var newLast = newValue.Tokens().OfType<SyntaxNode>().LastOrDefault();
                    if (oldLast is not null && newLast is not null)
                    {
                        newLast.TrailingTrivia = oldLast.TrailingTrivia;
                    }

                    current.Value = newValue;
                    changed.Add($"{table.Header}.{key}");
                }
            }
        }

        var merged = document.ToString();
        return Verify(existing, merged, file, tables) is { } broken
            ? Failed(broken)
            : new ContainerdMergeResult(merged, null, added, changed);
    }

    /// <summary>The release line a config's <c>version</c> key asks for (3: containerd 2.x), or null without one.</summary>
    public static ContainerdMajor? DeclaredMajor(string text)
    {
        var version = TomlDocument.Parse(text, "config", out _)?.KeyValues.FirstOrDefault(kv => TomlKeys.Segments(kv.Key) is ["version"]);
        return version?.Value?.ToString()?.Trim() switch
        {
            "3" => ContainerdMajor.V2,
            "2" => ContainerdMajor.V1,
            _ => null,
        };
    }

    private static TomlDiagnostic? Verify(string existing, string merged, string file, IReadOnlyList<ContainerdTable> tables)
    {
        var mergedModel = TomlDocument.Parse(merged, file, out var error) is null ? null : TomlDocument.Model(merged, file, out error);
        if (mergedModel is null)
        {
            return new TomlDiagnostic(file, error!.Line, error.Column, $"merging would make the file invalid ({error.Message}); the runtime tables are probably defined here as inline tables or dotted keys: edit them by hand");
        }

        var ours = tables.SelectMany(t => t.Values.Select(v => Flat.Join(t.Path.Append(v.Key)))).ToHashSet(StringComparer.Ordinal);
        var after = Flat.Leaves(mergedModel);
        foreach (var (path, value) in Flat.Leaves(TomlSerializer.Deserialize<TomlTable>(existing)!))
        {
            if (!ours.Contains(path) && (!after.TryGetValue(path, out var kept) || kept != value))
            {
                return new TomlDiagnostic(file, 1, 1, $"merging would change or drop {path.Replace('\u001f', '.')}; nothing was written");
            }
        }

        return null;
    }

    private static DocumentSyntax Snippet(string text) => SyntaxParser.Parse(text, "palisade");

    private static void Detach(SyntaxNode node)
    {
        switch (node.Parent)
        {
            case SyntaxList<TableSyntaxBase> list:
                list.RemoveChild((TableSyntaxBase)node);
                break;
            case SyntaxList<KeyValueSyntax> list:
                list.RemoveChild((KeyValueSyntax)node);
                break;
            default:
                break;
        }
    }

    private static ContainerdMergeResult Failed(TomlDiagnostic problem) => new(null, problem, [], []);
}

using System.Globalization;
using Tomlyn.Model;

namespace Palisade.Core.Node;

/// <summary>A TOML model flattened to "a.b.c" paths and leaf values, to compare two versions of a file.</summary>
internal static class Flat
{
    public static string Join(IEnumerable<string> path) => string.Join('\u001f', path);

    public static Dictionary<string, string> Leaves(TomlTable table)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(table, [], leaves);
        return leaves;
    }

    private static void Walk(object? node, List<string> path, Dictionary<string, string> leaves)
    {
        switch (node)
        {
            case TomlTable table:
                foreach (var (key, value) in table)
                {
                    Walk(value, [.. path, key], leaves);
                }

                break;
            case TomlTableArray tables:
                for (var i = 0; i < tables.Count; i++)
                {
                    Walk(tables[i], [.. path, i.ToString(CultureInfo.InvariantCulture)], leaves);
                }

                break;
            case TomlArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], [.. path, i.ToString(CultureInfo.InvariantCulture)], leaves);
                }

                break;
            default:
                leaves[Join(path)] = Convert.ToString(node, CultureInfo.InvariantCulture) ?? "";
                break;
        }
    }
}

using System.Xml.Linq;

namespace Palisade.Architecture.Tests;

/// <summary>The ProjectReference arrows between the projects of a <c>src</c> folder, and the ones allowed.</summary>
internal static class ProjectArrows
{
    /// <summary>
    /// The intended arrows (docs/architecture.md): Core refers to nothing of ours; Sandbox, Webhook and Monitor to
    /// Core only; Cli to the libraries and hosts; nothing refers to Cli. A project missing here is unknown and fails.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Palisade.Core"] = [],
        ["Palisade.Sandbox"] = ["Palisade.Core"],
        ["Palisade.Webhook"] = ["Palisade.Core"],
        ["Palisade.Monitor"] = ["Palisade.Core"],
        ["Palisade.Cli"] = ["Palisade.Core", "Palisade.Sandbox", "Palisade.Webhook", "Palisade.Monitor"],
    };

    /// <summary>Every <c>src/*/*.csproj</c> and the projects its ProjectReference items name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read(string srcDir)
    {
        var graph = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var csproj in Directory.GetDirectories(srcDir).SelectMany(d => Directory.GetFiles(d, "*.csproj")))
        {
            var references = XDocument.Load(csproj).Descendants()
                .Where(e => e.Name.LocalName == "ProjectReference")
                .Select(e => (string?)e.Attribute("Include") ?? "")
                .Select(path => Path.GetFileNameWithoutExtension(path.Replace('\\', '/')))
                .Order(StringComparer.Ordinal)
                .ToList();
            graph[Path.GetFileNameWithoutExtension(csproj)] = references;
        }

        return graph;
    }

    /// <summary>One line per unknown project and per arrow the table does not allow; empty when the graph holds.</summary>
    public static IReadOnlyList<string> Violations(IReadOnlyDictionary<string, IReadOnlyList<string>> graph)
    {
        var violations = new List<string>();
        foreach (var (project, references) in graph)
        {
            if (!Allowed.TryGetValue(project, out var allowed))
            {
                violations.Add($"{project}: unknown project under src/; add it to the arrows table (docs/architecture.md)");
                continue;
            }

            violations.AddRange(references
                .Where(target => !allowed.Contains(target, StringComparer.Ordinal))
                .Select(target => $"{project} -> {target}: not an allowed arrow (allowed: {Describe(allowed)})"));
        }

        return violations;
    }

    private static string Describe(string[] allowed) => allowed.Length == 0 ? "none" : string.Join(", ", allowed);
}

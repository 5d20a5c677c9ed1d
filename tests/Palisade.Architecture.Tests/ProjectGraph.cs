using System.Xml.Linq;

namespace Palisade.Architecture.Tests;

/// <summary>The ProjectReference arrows between the projects under a repository's src/ folder.</summary>
internal static class ProjectGraph
{
    /// <summary>Every violation of <paramref name="allowed"/> in the src/ folder of <paramref name="repoRoot"/>.</summary>
    public static IReadOnlyList<string> Violations(
        string repoRoot, IReadOnlyDictionary<string, IReadOnlySet<string>> allowed)
    {
        var problems = new List<string>();
        var src = Path.Combine(repoRoot, "src");
        var projects = Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            if (!allowed.TryGetValue(name, out var targets))
            {
                problems.Add($"{name}: not in the architecture table (add it to ProjectArrows and docs/architecture.md)");
                continue;
            }

            foreach (var reference in References(project))
            {
                if (!targets.Contains(reference))
                {
                    problems.Add($"{name} -> {reference}: not an allowed arrow");
                }
            }
        }

        return problems;
    }

    private static IEnumerable<string> References(string project) =>
        XDocument.Load(project)
            .Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => (string?)e.Attribute("Include") ?? string.Empty)
            .Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')));

    /// <summary>The folder holding Palisade.slnx above the test's output folder.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Palisade.slnx not found above the test output");
    }
}

namespace Palisade.Architecture.Tests;

/// <summary>
/// The intended references between the projects under src/ (docs/architecture.md, "Arrows"). A project missing from
/// this table is an error too, so a new project has to be placed in the layout on purpose.
/// </summary>
internal static class ProjectArrows
{
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> Allowed =
        new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
        {
            ["Palisade.Core"] = new HashSet<string>(StringComparer.Ordinal),
            ["Palisade.Sandbox"] = new HashSet<string>(StringComparer.Ordinal) { "Palisade.Core" },
            ["Palisade.Webhook"] = new HashSet<string>(StringComparer.Ordinal) { "Palisade.Core" },
            ["Palisade.Monitor"] = new HashSet<string>(StringComparer.Ordinal) { "Palisade.Core" },
            // The runsc adapter runs on nodes next to containerd's shim: it stands alone.
            ["Palisade.RunscShimAdapter"] = new HashSet<string>(StringComparer.Ordinal),
            ["Palisade.Cli"] = new HashSet<string>(StringComparer.Ordinal)
            {
                "Palisade.Core", "Palisade.Sandbox", "Palisade.Webhook", "Palisade.Monitor",
            },
        };
}

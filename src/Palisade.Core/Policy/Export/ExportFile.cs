using System.Text.Json.Nodes;

namespace Palisade.Core.Policy.Export;

/// <summary>One output file: its name and the Kubernetes objects in it, in order.</summary>
public sealed record ExportFile(string Name, IReadOnlyList<JsonObject> Objects)
{
    /// <summary>The objects as a multi-document YAML stream, with a comment saying where it came from.</summary>
    public string ToYaml(string header) => header + YamlText.WriteAll(Objects);
}

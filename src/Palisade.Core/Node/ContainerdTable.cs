namespace Palisade.Core.Node;

/// <summary>One TOML table Palisade writes into a containerd config: its key path and its keys, values already in TOML syntax.</summary>
/// <param name="Path">The table's key path, e.g. plugins / io.containerd.grpc.v1.cri / containerd / runtimes / runsc.</param>
/// <param name="Values">Key and TOML value text (<c>"io.containerd.runc.v2"</c>, <c>true</c>, <c>["a"]</c>), in order.</param>
/// <param name="Comment">A comment line written above the table, or null.</param>
public sealed record ContainerdTable(IReadOnlyList<string> Path, IReadOnlyList<KeyValuePair<string, string>> Values, string? Comment = null)
{
    /// <summary>The table header's key, segments quoted where TOML needs it.</summary>
    public string Header => TomlText.Key(Path);
}

using System.Text.Json;

namespace Palisade.Sandbox.Node;

/// <summary>The parts of the CRI plugin's effective config (from <c>Status</c> with verbose set) that verify needs.</summary>
/// <param name="Runtimes">Handler name to its runtime_type and runc-shim options.</param>
/// <param name="SandboxImage">The pod sandbox ("pause") image, or null when not reported.</param>
/// <param name="StateDir">The CRI plugin's state folder (inside containerd's state folder), or null.</param>
internal sealed record CriRuntimeConfig(IReadOnlyDictionary<string, CriHandler> Runtimes, string? SandboxImage, string? StateDir = null)
{
    /// <summary>Reads containerd's JSON (camelCase: containerd.runtimes.NAME.runtimeType, sandboxImage); tolerant of missing parts.</summary>
    public static CriRuntimeConfig Parse(string? json)
    {
        var runtimes = new Dictionary<string, CriHandler>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return new CriRuntimeConfig(runtimes, null);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new CriRuntimeConfig(runtimes, null);
            }

            if (root.TryGetProperty("containerd", out var containerd) && containerd.ValueKind == JsonValueKind.Object)
            {
                if (containerd.TryGetProperty("runtimes", out var list) && list.ValueKind == JsonValueKind.Object)
                {
                    foreach (var runtime in list.EnumerateObject())
                    {
                        var type = Text(runtime.Value, "runtimeType") ?? "";
                        var options = runtime.Value.TryGetProperty("options", out var o) ? o : default;
                        runtimes[runtime.Name] = new CriHandler(type, NullIfEmpty(Text(options, "BinaryName")), NullIfEmpty(Text(options, "Root")));
                    }
                }
            }

            return new CriRuntimeConfig(runtimes, Text(root, "sandboxImage"), Text(root, "stateDir"));
        }
        catch (JsonException)
        {
            return new CriRuntimeConfig(runtimes, null);
        }
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

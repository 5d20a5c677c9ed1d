using System.Text.Json.Nodes;

namespace Palisade.Core.Manifests;

/// <summary>Turns a converted document into manifest objects: checks it is a Kubernetes object, expands lists.</summary>
internal static class ManifestObjectBuilder
{
    public static void Add(
        string source,
        int document,
        YamlNode root,
        ManifestLoaderOptions options,
        List<ManifestObject> objects,
        List<ManifestDiagnostic> diagnostics)
    {
        if (root.Kind == YamlNodeKind.Scalar && root.IsPlainUntagged && root.Value.Length == 0)
        {
            return; // An empty document: only comments, or a stray "---".
        }

        var converter = YamlJsonConverter.Convert(root, options, out var json);
        if (converter.Failure is { } failure)
        {
            diagnostics.Add(new(source, failure.Position, failure.Message));
            return;
        }

        if (json is null)
        {
            return; // "~" or "null": an explicitly empty document.
        }

        if (json is not JsonObject body)
        {
            diagnostics.Add(new(source, root.Start, $"document is {Describe(json)}, not a Kubernetes object (a mapping)"));
            return;
        }

        var positions = converter.Positions;
        if (!HasKind(body))
        {
            diagnostics.Add(new(source, root.Start, "object has no kind"));
            return;
        }

        if (body["kind"]!.GetValue<string>().EndsWith("List", StringComparison.Ordinal) && body["items"] is JsonArray items)
        {
            AddItems(source, document, items, positions, objects, diagnostics);
            return;
        }

        objects.Add(new ManifestObject { Source = source, Document = document, Body = body, Positions = positions });
    }

    private static void AddItems(
        string source,
        int document,
        JsonArray items,
        Dictionary<string, SourcePosition> positions,
        List<ManifestObject> objects,
        List<ManifestDiagnostic> diagnostics)
    {
        var itemPositions = new Dictionary<string, SourcePosition>[items.Count];
        for (var i = 0; i < itemPositions.Length; i++)
        {
            itemPositions[i] = new(StringComparer.Ordinal);
        }

        const string Prefix = "/items/";
        foreach (var (pointer, position) in positions)
        {
            if (!pointer.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var end = pointer.IndexOf('/', Prefix.Length);
            if (end < 0)
            {
                end = pointer.Length;
            }

            if (int.TryParse(pointer.AsSpan(Prefix.Length, end - Prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var index)
                && index >= 0 && index < itemPositions.Length)
            {
                itemPositions[index][pointer[end..]] = position;
            }
        }

        // Detach the items so each body is a root of its own.
        var bodies = items.ToArray();
        items.Clear();
        for (var i = 0; i < bodies.Length; i++)
        {
            var at = itemPositions[i].GetValueOrDefault("");
            if (bodies[i] is not JsonObject item)
            {
                diagnostics.Add(new(source, at, $"list item {i} is {Describe(bodies[i])}, not a Kubernetes object (a mapping)"));
            }
            else if (!HasKind(item))
            {
                diagnostics.Add(new(source, at, $"list item {i} has no kind"));
            }
            else
            {
                objects.Add(new ManifestObject { Source = source, Document = document, Item = i, Body = item, Positions = itemPositions[i] });
            }
        }
    }

    private static bool HasKind(JsonObject body) =>
        body["kind"] is JsonValue v && v.TryGetValue(out string? kind) && kind.Length > 0;

    private static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "a list",
        JsonObject => "a mapping",
        _ => "a scalar",
    };
}

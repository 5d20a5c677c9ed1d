using System.Text.Json;
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
        JsonBuffer buffer,
        AliasBudget aliases,
        List<ManifestObject> objects,
        List<ManifestDiagnostic> diagnostics)
    {
        var resolved = root.Resolved;
        if (resolved.Kind == YamlNodeKind.Scalar && resolved.IsPlainUntagged && YamlScalarResolver.Resolve(resolved.Value).Kind == ScalarKind.Null)
        {
            return; // An empty document (only comments, or a stray "---"), or an explicit null.
        }

        if (resolved.Kind != YamlNodeKind.Mapping)
        {
            var what = resolved.Kind == YamlNodeKind.Sequence ? "a list" : "a scalar";
            diagnostics.Add(new(source, root.Start, $"document is {what}, not a Kubernetes object (a mapping)"));
            return;
        }

        var writer = buffer.Start();
        var converter = YamlJsonConverter.Convert(root, options, writer, aliases);
        if (converter.Failure is { } failure)
        {
            diagnostics.Add(new(source, failure.Position, failure.Message));
            return;
        }

        var body = JsonNode.Parse(buffer.Written, documentOptions: new JsonDocumentOptions { MaxDepth = options.MaxDepth + 1 })!.AsObject();

        var positions = converter.Positions;
        if (!HasKind(body))
        {
            diagnostics.Add(new(source, root.Start, "object has no kind"));
            return;
        }

        if (IsList(body))
        {
            if (body["items"] is JsonArray items)
            {
                AddItems(source, document, items, positions, objects, diagnostics);
            }
            else if (body.ContainsKey("items") && body["items"] is not null)
            {
                diagnostics.Add(new(source, positions[positions.Find(0, "/items")].Position, $"items of a {body["kind"]} is {Describe(body["items"])}, not a list"));
            }

            return;
        }

        objects.Add(new ManifestObject { Source = source, Document = document, Body = body, Positions = new PositionMap(positions, 0) });
    }

    private static void AddItems(
        string source,
        int document,
        JsonArray items,
        PositionTable positions,
        List<ManifestObject> objects,
        List<ManifestDiagnostic> diagnostics)
    {
        var itemEntries = new int[items.Count];
        var itemsEntry = positions.Find(0, "/items");
        for (var c = positions[itemsEntry].FirstChild; c >= 0; c = positions[c].NextSibling)
        {
            itemEntries[positions[c].Index] = c;
        }

        // Detach the items so each body is a root of its own.
        var bodies = items.ToArray();
        items.Clear();
        for (var i = 0; i < bodies.Length; i++)
        {
            var at = positions[itemEntries[i]].Position;
            if (bodies[i] is not JsonObject item)
            {
                diagnostics.Add(new(source, at, $"list item {i} is {Describe(bodies[i])}, not a Kubernetes object (a mapping)"));
            }
            else if (!HasKind(item))
            {
                diagnostics.Add(new(source, at, $"list item {i} has no kind"));
            }
            else if (IsList(item))
            {
                // Refused, never skipped: a pod inside would otherwise pass unchecked.
                diagnostics.Add(new(source, at, $"list item {i} is itself a {item["kind"]}; nested lists are not read: put its items in the outer list"));
            }
            else
            {
                var map = new PositionMap(positions, itemEntries[i]);
                objects.Add(new ManifestObject { Source = source, Document = document, Item = i, Body = item, Positions = map });
            }
        }
    }

    private static bool IsList(JsonObject body) =>
        body["kind"]!.GetValue<string>().EndsWith("List", StringComparison.Ordinal) && body.ContainsKey("items");

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

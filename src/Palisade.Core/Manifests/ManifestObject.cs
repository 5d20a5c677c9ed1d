using System.Text.Json.Nodes;

namespace Palisade.Core.Manifests;

/// <summary>
/// One Kubernetes object read from an input, with where it came from. <see cref="Body"/> is the object as JSON
/// (YAML scalars typed as Kubernetes' YAML-to-JSON conversion types them); <see cref="Positions"/> maps JSON
/// pointers relative to <see cref="Body"/> (for example <c>/spec/containers/0/securityContext</c>, <c>""</c> for
/// the object itself) to the line and column where that node starts.
/// </summary>
public sealed record ManifestObject
{
    /// <summary>The path as the user named it, or <c>&lt;stdin&gt;</c>.</summary>
    public required string Source { get; init; }

    /// <summary>0-based index of the YAML document in the file (0 for JSON).</summary>
    public required int Document { get; init; }

    /// <summary>0-based index in the <c>items</c> of a <c>List</c> kind, or null for a top-level object.</summary>
    public int? Item { get; init; }

    public required JsonObject Body { get; init; }

    public required IReadOnlyDictionary<string, SourcePosition> Positions { get; init; }

    public string? ApiVersion => Body["apiVersion"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public string? Kind => Body["kind"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    public string? Name => Metadata("name");

    public string? Namespace => Metadata("namespace");

    public SourcePosition Position => Locate("");

    /// <summary>
    /// The position of the node at <paramref name="jsonPointer"/>, or of its nearest ancestor that exists in the source
    /// (a missing field is reported at the object that should hold it).
    /// </summary>
    public SourcePosition Locate(string jsonPointer)
    {
        var p = jsonPointer;
        while (true)
        {
            if (Positions.TryGetValue(p, out var pos))
            {
                return pos;
            }

            if (p.Length == 0)
            {
                return SourcePosition.Unknown;
            }

            var slash = p.LastIndexOf('/');
            p = slash <= 0 ? "" : p[..slash];
        }
    }

    private string? Metadata(string field) =>
        Body["metadata"] is JsonObject m && m[field] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
}

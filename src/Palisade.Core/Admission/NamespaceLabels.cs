using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Palisade.Core.Manifests;

namespace Palisade.Core.Admission;

/// <summary>A fixed set of namespace labels, read from Namespace manifests (<c>--namespaces FILE</c>) or none.</summary>
public sealed class NamespaceLabels : INamespaceLabelSource
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = FrozenDictionary<string, string>.Empty;

    private readonly FrozenDictionary<string, IReadOnlyDictionary<string, string>> byName;

    private NamespaceLabels(FrozenDictionary<string, IReadOnlyDictionary<string, string>> byName) => this.byName = byName;

    /// <summary>No namespace has labels.</summary>
    public static NamespaceLabels Empty { get; } = new(FrozenDictionary<string, IReadOnlyDictionary<string, string>>.Empty);

    public int Count => byName.Count;

    /// <summary>
    /// The labels of the <c>Namespace</c> objects in <paramref name="set"/>; other kinds are ignored. A Namespace
    /// without a name, or a label value that is not a string, is a problem reported in <paramref name="problems"/>.
    /// </summary>
    public static NamespaceLabels FromManifests(ManifestSet set, out IReadOnlyList<ManifestDiagnostic> problems)
    {
        ArgumentNullException.ThrowIfNull(set);
        var found = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var errors = new List<ManifestDiagnostic>(set.Diagnostics);
        foreach (var obj in set.Objects)
        {
            if (obj.Kind != "Namespace")
            {
                continue;
            }

            if (obj.Name is not { Length: > 0 } name)
            {
                errors.Add(new(obj.Source, obj.Position, "a Namespace needs metadata.name"));
                continue;
            }

            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (obj.Body["metadata"] is JsonObject metadata && metadata["labels"] is JsonObject map)
            {
                foreach (var (key, value) in map)
                {
                    if (value is JsonValue v && v.TryGetValue(out string? text))
                    {
                        labels[key] = text;
                    }
                    else
                    {
                        errors.Add(new(obj.Source, obj.Locate(JsonPointer.Append("/metadata/labels", key)), $"label {key} of Namespace {name} must be a string"));
                    }
                }
            }

            found[name] = labels.ToFrozenDictionary(StringComparer.Ordinal);
        }

        problems = errors;
        return new(found.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public IReadOnlyDictionary<string, string> LabelsOf(string? namespaceName) =>
        namespaceName is not null && byName.TryGetValue(namespaceName, out var labels) ? labels : NoLabels;
}

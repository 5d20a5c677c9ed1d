namespace Palisade.Core.Manifests;

internal enum YamlNodeKind
{
    Scalar,
    Mapping,
    Sequence,
    Alias,
}

/// <summary>
/// A parsed YAML node. Aliases point at the anchored node instead of copying it, so building the tree stays linear in
/// the input; the cost of expansion is paid (and capped) when converting to JSON.
/// </summary>
internal sealed class YamlNode
{
    private static readonly List<YamlNode> NoChildren = [];

    public YamlNode(YamlNodeKind kind, SourcePosition start)
    {
        Kind = kind;
        Start = start;
    }

    public YamlNodeKind Kind { get; }

    public SourcePosition Start { get; }

    /// <summary>Scalar text.</summary>
    public string Value { get; init; } = "";

    /// <summary>A plain scalar with no tag: its type is resolved from its text.</summary>
    public bool IsPlainUntagged { get; init; }

    /// <summary>Full tag name (for example <c>tag:yaml.org,2002:str</c>), or null.</summary>
    public string? Tag { get; init; }

    /// <summary>The anchored node an alias refers to.</summary>
    public YamlNode? Target { get; init; }

    /// <summary>Sequence items, or mapping keys and values alternating.</summary>
    public List<YamlNode> Children { get; private set; } = NoChildren;

    public void Add(YamlNode child)
    {
        if (ReferenceEquals(Children, NoChildren))
        {
            Children = [];
        }

        Children.Add(child);
    }

    /// <summary>This node, or for an alias the node it refers to.</summary>
    public YamlNode Resolved => Kind == YamlNodeKind.Alias ? Target! : this;
}

using System.Text.Json.Nodes;

namespace Palisade.Core.Policy;

/// <summary>One RFC 6902 operation; <see cref="Path"/> is an RFC 6901 pointer (escaped) from the object root.</summary>
public sealed record JsonPatchOperation(string Op, string Path, JsonNode? Value);

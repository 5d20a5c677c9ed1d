using System.Text.Json;

namespace Palisade.Sandbox.Images;

/// <summary>One layer file to apply, with the digest it must have (of the blob, or of the uncompressed tar).</summary>
internal sealed record LayerSource(string Path, string Digest, bool DigestOfUncompressed);

/// <summary>An image chosen from a layout or archive: its verified config and its layers, lowest first.</summary>
internal sealed record ResolvedImage(string? Reference, string? ManifestDigest, JsonElement Config, IReadOnlyList<LayerSource> Layers);

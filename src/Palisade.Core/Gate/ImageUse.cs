using Palisade.Core.Manifests;

namespace Palisade.Core.Gate;

/// <summary>One container of one manifest object: the image it runs, where that is written, and the runtime class its pod runs with once admitted.</summary>
internal sealed record ImageUse(string Image, string Container, string Subject, string Source, SourcePosition Position, string? RuntimeClass, bool Probed);

using Palisade.Core.Manifests;

namespace Palisade.Core.Cis;

/// <summary>One failed CIS check on one image or pod-bearing object.</summary>
/// <param name="Check">The check (id, title, whether it fails the gate, what it means under runsc).</param>
/// <param name="Subject">The image name, or <c>Kind ns/name</c> of the object.</param>
/// <param name="Message">What was found, naming the container, file or field.</param>
/// <param name="Source">The manifest file, or the image target.</param>
/// <param name="Position">Where in the manifest; unknown for images.</param>
public sealed record CisFinding(CisCheck Check, string Subject, string Message, string Source, SourcePosition Position);

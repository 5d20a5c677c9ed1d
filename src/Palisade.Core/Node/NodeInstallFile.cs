namespace Palisade.Core.Node;

/// <summary>A file <c>node config --install</c> puts on the node.</summary>
/// <param name="Path">Where it goes.</param>
/// <param name="Content">Its text, or null for the runsc adapter program (copied from where palisade is installed).</param>
/// <param name="Executable">Whether it gets mode 0755.</param>
public sealed record NodeInstallFile(string Path, string? Content, bool Executable);

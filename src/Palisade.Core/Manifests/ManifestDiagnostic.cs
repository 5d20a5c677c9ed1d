namespace Palisade.Core.Manifests;

/// <summary>A problem with an input file: unreadable, malformed, too large, or an object that cannot be decoded.</summary>
public sealed record ManifestDiagnostic(string Source, SourcePosition Position, string Message)
{
    /// <summary>The one-line form users see: <c>file:line:col: message</c> (line and column only when known).</summary>
    public override string ToString() =>
        Position.IsKnown ? $"{Source}:{Position.Line}:{Position.Column}: {Message}" : $"{Source}: {Message}";
}

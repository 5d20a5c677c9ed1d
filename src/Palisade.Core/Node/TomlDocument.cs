using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Palisade.Core.Node;

/// <summary>
/// The one way Palisade reads a TOML file: the syntax tree and the model, with every failure (a syntax error, and
/// what Tomlyn throws instead of reporting, such as nesting deeper than its limit of 64) as a <see cref="TomlDiagnostic"/>.
/// </summary>
internal static class TomlDocument
{
    /// <summary>The syntax tree of <paramref name="text"/>, or null with <paramref name="error"/> set.</summary>
    public static DocumentSyntax? Parse(string text, string file, out TomlDiagnostic? error)
    {
        try
        {
            var document = SyntaxParser.Parse(text, file);
            var first = document.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error);
            error = first is null ? null : new TomlDiagnostic(file, first.Span.Start.Line + 1, first.Span.Start.Column + 1, first.Message);
            return error is null ? document : null;
        }
        catch (TomlException e)
        {
            error = Diagnostic(e, file);
            return null;
        }
    }

    /// <summary>The object model of text that <see cref="Parse"/> accepted, or null with <paramref name="error"/> set.</summary>
    public static TomlTable? Model(string text, string file, out TomlDiagnostic? error)
    {
        try
        {
            error = null;
            return TomlSerializer.Deserialize<TomlTable>(text) ?? new TomlTable();
        }
        catch (TomlException e)
        {
            error = Diagnostic(e, file);
            return null;
        }
    }

    private static TomlDiagnostic Diagnostic(TomlException e, string file) =>
        new(file, e.Line ?? 1, e.Column ?? 1, e.Message.Split('\n')[0].Replace("Change TomlSerializerOptions.MaxDepth to allow deeper nesting.", "(Palisade reads at most 64 levels)", StringComparison.Ordinal).Trim());
}

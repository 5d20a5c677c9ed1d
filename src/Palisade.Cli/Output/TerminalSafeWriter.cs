using System.Text;
using Palisade.Core.Reports;

namespace Palisade.Cli.Output;

/// <summary>
/// Standard output and error as every command sees them: whatever a command prints, a control character that came from
/// an input is shown escaped (<see cref="TerminalText"/>), never sent to the terminal. A renderer that colours its own
/// output writes its escape sequences to <see cref="Inner"/> and escapes the input's text itself.
/// </summary>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter
{
    public TextWriter Inner => inner;

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine { get => inner.NewLine; set => inner.NewLine = value; }

    public static TextWriter Wrap(TextWriter writer) => writer is TerminalSafeWriter ? writer : new TerminalSafeWriter(writer);

    public override void Write(char value)
    {
        if (TerminalText.IsUnsafe(value))
        {
            inner.Write(TerminalText.Escape(value.ToString()));
        }
        else
        {
            inner.Write(value);
        }
    }

    public override void Write(string? value) => inner.Write(value is null ? null : Safe(value));

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : Safe(value));

    public override Task WriteAsync(char value) => WriteAsync(value.ToString());

    public override Task WriteAsync(string? value) => inner.WriteAsync(value is null ? null : Safe(value));

    public override Task WriteAsync(char[] buffer, int index, int count) => WriteAsync(new string(buffer, index, count));

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(Safe(buffer.ToString()).AsMemory(), cancellationToken);

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(value is null ? null : Safe(value));

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteLineAsync(Safe(buffer.ToString()).AsMemory(), cancellationToken);

    public override Task WriteLineAsync() => inner.WriteLineAsync();

    public override void WriteLine() => inner.WriteLine();

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <summary>The line endings the platform writes stay; a lone carriage return (which rewrites a line) is escaped.</summary>
    private static string Safe(string text) => TerminalText.Escape(text.Replace("\r\n", "\n", StringComparison.Ordinal));
}

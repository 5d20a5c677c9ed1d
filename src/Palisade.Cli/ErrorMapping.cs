using System.Text;

namespace Palisade.Cli;

/// <summary>
/// The one mapping of an exception nothing else handled to what the user sees: one line and exit 2 (the input or the
/// options were wrong) or 3 (the environment: files, permissions, memory, runtimes). Never a stack trace unless
/// PALISADE_DEBUG=1 asks for it, never a .NET type name, never the terminal's control characters.
/// </summary>
internal static class ErrorMapping
{
    public static (string Message, int ExitCode) Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var inner = e is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : e;
        var message = OneLine(inner.Message);
        return inner switch
        {
            UsageException => (message, ExitCodes.BadInput),
            FormatException or System.Text.Json.JsonException or DecoderFallbackException or InvalidDataException
                or OverflowException or ArgumentException or System.Xml.XmlException or YamlDotNet.Core.YamlException
                => ($"bad input: {message}", ExitCodes.BadInput),
            IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception
                => ($"{message}", ExitCodes.Environment),
            OutOfMemoryException or InsufficientExecutionStackException
                => ("out of memory or stack (the input is too large or too deeply nested)", ExitCodes.Environment),
            _ => ($"unexpected error: {message} (set PALISADE_DEBUG=1 for details and report it)", ExitCodes.Environment),
        };
    }

    /// <summary>Text safe to print on a terminal: one line, control characters shown as \uXXXX.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (char.IsControl(c) && c != ' ')
            {
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Trim();
    }
}

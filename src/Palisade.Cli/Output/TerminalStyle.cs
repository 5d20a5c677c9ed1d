using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Cli.Output;

/// <summary>
/// Colour for verdicts and severities in text reports, on a terminal only and never with <c>NO_COLOR</c> set
/// (no-color.org) or <c>TERM=dumb</c>: failures red, warnings yellow, passes green, the recommended runtime bold.
/// Files and pipes get the same text without escapes.
/// </summary>
internal static partial class TerminalStyle
{
    /// <summary>Whether the environment allows colour at all.</summary>
    public static bool ColourWanted() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    /// <summary>Whether a report written to <paramref name="console"/>'s standard output (not to a file) is coloured.</summary>
    public static bool Enabled(CliConsole console, FileInfo? output) => output is null && console.OutputIsTerminal && ColourWanted();

    /// <summary><paramref name="text"/> with its verdict words coloured when <paramref name="enabled"/>.</summary>
    public static string Paint(string text, bool enabled) => enabled
        ? Verdict().Replace(text, m => m.Groups["runtime"].Success
            ? $"{m.Groups["lead"].Value}\u001b[1m{m.Groups["runtime"].Value}\u001b[0m"
            : $"\u001b[{Sgr(m.Value)}m{m.Value}\u001b[0m")
        : text;

    /// <summary>Writes a text report to <paramref name="output"/> or standard output, coloured when that is a terminal.</summary>
    public static Task WriteTextAsync(CliConsole console, FileInfo? output, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(write);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        write(text);
        var enabled = Enabled(console, output);
        // Coloured: the input's control characters are escaped here, then the colour codes go past the terminal-safe writer.
        var stdout = enabled && console.Out is TerminalSafeWriter safe ? safe.Inner : console.Out;
        var bytes = Encoding.UTF8.GetBytes(Paint(enabled ? Core.Reports.TerminalText.Escape(text.ToString()) : text.ToString(), enabled));
        return ReportSink.WriteAsync(output, stdout, s => s.Write(bytes));
    }

    private static string Sgr(string word) => word switch
    {
        "ERROR" or "BLOCKING" or "FAIL" or "FAILED" or "DENIED" or "fatal" or "NOT compatible" => "1;31",
        "WARNING" or "WARN" or "degraded" => "33",
        _ => "32",
    };

    [GeneratedRegex(@"(?<lead>Recommendation: )(?<runtime>kata|gvisor|runsc|runc)\b|\bNOT compatible\b|\b(ERROR|BLOCKING|FAILED|FAIL|DENIED|WARNING|WARN|PASSED|PASS|fatal|degraded)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Verdict();
}

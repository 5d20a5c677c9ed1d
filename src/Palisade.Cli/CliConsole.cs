namespace Palisade.Cli;

/// <summary>The streams a command talks to; injected so tests can assert output and exit codes.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In, bool OutputIsTerminal)
{
    /// <summary>Standard error is a terminal: long commands draw their live progress display there.</summary>
    public bool ErrorIsTerminal { get; init; }
}

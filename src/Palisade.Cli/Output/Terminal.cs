using Spectre.Console;

namespace Palisade.Cli.Output;

/// <summary>A Spectre console over an injected writer: colour only on a real terminal, and never with NO_COLOR set.</summary>
internal static class Terminal
{
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal)
    {
        var color = isTerminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = color ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!isTerminal)
        {
            // Files and pipes have no width; wide enough that messages are not folded mid-word.
            console.Profile.Width = 200;
        }

        return console;
    }
}

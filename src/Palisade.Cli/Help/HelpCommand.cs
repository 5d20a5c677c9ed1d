using System.CommandLine;

namespace Palisade.Cli.Help;

/// <summary><c>palisade help [COMMAND...]</c>: the same page as <c>palisade COMMAND... --help</c>, exit 0.</summary>
internal static class HelpCommand
{
    public static Command Create(RootCommand root, CliConsole console)
    {
        var path = new Argument<string[]>("COMMAND") { Description = "The command (and subcommand) to show help for.", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show help for palisade or for one of its commands.") { path };
        command.SetAction(async (parse, cancel) =>
        {
            var words = parse.GetValue(path) ?? [];
            Command current = root;
            foreach (var word in words)
            {
                var next = current.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word));
                if (next is null)
                {
                    throw new UsageException(CommandSuggestion.Message(current, word));
                }

                current = next;
            }

            var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false };
            return await root.Parse([.. words, "--help"]).InvokeAsync(configuration, cancel).ConfigureAwait(false);
        });
        return command;
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Palisade.Cli.Help;

namespace Palisade.Cli;

/// <summary>
/// The standard help, followed by the command's examples and exit codes. Descriptions stay one paragraph so the
/// command list of <c>palisade --help</c> stays readable. For <c>node config TARGET --help</c> only the options
/// that TARGET uses are listed.
/// </summary>
internal sealed class HelpWithExamples(HelpAction standard, IReadOnlyDictionary<Command, string> examples) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public static void Install(RootCommand root, IReadOnlyDictionary<Command, string> examples)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExamples((HelpAction)help.Action!, examples);
    }

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var command = parseResult.CommandResult.Command;
        var hidden = HideOptionsOtherTargetsUse(parseResult, command);
        int code;
        try
        {
            code = standard.Invoke(parseResult);
        }
        finally
        {
            foreach (var option in hidden)
            {
                option.Hidden = false;
            }
        }

        if (examples.TryGetValue(command, out var text))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(text.TrimEnd());
            output.WriteLine();
        }

        return code;
    }

    private static List<Option> HideOptionsOtherTargetsUse(ParseResult parse, Command command)
    {
        var hidden = new List<Option>();
        if (command.Name != "config" || command.Parents.OfType<Command>().FirstOrDefault()?.Name != "node" || command.Arguments.Count == 0)
        {
            return hidden;
        }

        var target = parse.GetResult(command.Arguments[0])?.Tokens is [var first, ..] ? first.Value : null;
        if (target is null || !SubcommandHelp.NodeConfigOptionsByTarget.TryGetValue(target, out var wanted))
        {
            return hidden;
        }

        var specific = SubcommandHelp.NodeConfigOptionsByTarget.Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);
        foreach (var option in command.Options.Where(o => !o.Hidden && specific.Contains(o.Name) && !wanted.Contains(o.Name)))
        {
            option.Hidden = true;
            hidden.Add(option);
        }

        return hidden;
    }
}

using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Palisade.Cli;

/// <summary>
/// The standard help, followed by the command's examples and exit codes. Descriptions stay one paragraph so the
/// command list of <c>palisade --help</c> stays readable.
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
        var code = standard.Invoke(parseResult);
        if (examples.TryGetValue(parseResult.CommandResult.Command, out var text))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(text.TrimEnd());
            output.WriteLine();
        }

        return code;
    }
}

using Palisade.Cli.Output;
using System.CommandLine;
using Palisade.Cli.Commands;
using Palisade.Cli.Help;

namespace Palisade.Cli;

/// <summary>Builds the <c>palisade</c> command tree and runs it with the one-line error and exit-code rules.</summary>
internal static class PalisadeCli
{
    public static RootCommand Build(CliConsole console)
    {
        var check = CheckCommand.Create(console);
        var diagnose = DiagnoseCommand.Create(console);
        var profile = ProfileCommand.Create(console);
        var assess = AssessCommand.Create(console, TimeProvider.System);
        var seccomp = SeccompCommand.Create(console);
        var bench = BenchCommand.Create(console, TimeProvider.System);
        var serve = ServeCommand.Create(console);
        var admit = AdmitCommand.Create(console);
        var node = NodeCommand.Create(console);
        var policy = PolicyCommand.Create(console);
        var monitor = MonitorCommand.Create(console);
        var gate = GateCommand.Create(console, TimeProvider.System);
        var root = new RootCommand(
            "Palisade decides, proves and enforces the right sandbox runtime (runc, gVisor, Kata) for container workloads.")
        {
            check,
            profile,
            diagnose,
            assess,
            seccomp,
            bench,
            serve,
            admit,
            node,
            policy,
            monitor,
            gate,
            VersionCommand.Create(console),
        };
        root.Add(HelpCommand.Create(root, console));
        root.Add(Output.LiveProgress.CreateQuietOption());
        var examples = new Dictionary<Command, string> { [check] = CheckCommand.Examples, [diagnose] = DiagnoseCommand.Examples, [profile] = ProfileCommand.Examples, [assess] = AssessCommand.Examples, [seccomp] = SeccompCommand.Examples, [bench] = BenchCommand.Examples, [serve] = ServeCommand.Examples, [admit] = AdmitCommand.Examples, [node] = NodeCommand.Examples, [policy] = PolicyCommand.Examples, [monitor] = MonitorCommand.Examples, [gate] = GateCommand.Examples };
        foreach (var sub in monitor.Subcommands)
        {
            examples[sub] = MonitorCommand.Examples;
        }

        foreach (var sub in root.Subcommands.Concat(node.Subcommands).Concat(seccomp.Subcommands))
        {
            if (SubcommandHelp.For(sub.Parents.OfType<Command>().First() == root ? sub.Name : $"{sub.Parents.OfType<Command>().First().Name} {sub.Name}") is { } page)
            {
                examples[sub] = page;
            }
        }

        foreach (var sub in policy.Subcommands)
        {
            examples[sub] = PolicyCommand.Examples;
        }

        examples[policy.Subcommands.Single(c => c.Name == "test")] = PolicyTestCommand.Examples;

        HelpWithExamples.Install(root, examples);
        return root;
    }

    public static Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console) => RunAsync(args, console, CancellationToken.None);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliConsole console, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(console);
        console = console with { Out = TerminalSafeWriter.Wrap(console.Out), Error = TerminalSafeWriter.Wrap(console.Error) };
        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !HelpRequested(args))
        {
            var command = parse.CommandResult.Command;
            var name = string.Join(' ', CommandPath(parse.CommandResult));
            var message = CommandSuggestion.UnknownSubcommand(parse) is { } unknown
                ? CommandSuggestion.Message(command, unknown)
                : ErrorMapping.OneLine(string.Join(' ', parse.Errors[0].Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
            await console.Error.WriteLineAsync($"{name}: {message}").ConfigureAwait(false);
            await console.Error.WriteLineAsync($"Run '{name} --help' for usage and examples.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };

        try
        {
            return await parse.InvokeAsync(invocation, cancel).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await console.Error.WriteLineAsync($"palisade: {e.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (Palisade.Sandbox.Images.BundleException e)
        {
            await console.Error.WriteLineAsync($"palisade: {e.Message}").ConfigureAwait(false);
            return e.IsEnvironmentProblem ? ExitCodes.Environment : ExitCodes.BadInput;
        }
        catch (Palisade.Sandbox.Runtimes.EnvironmentProblemException e)
        {
            await console.Error.WriteLineAsync($"palisade: {e.Problem.Message}; fix: {e.Problem.Fix}").ConfigureAwait(false);
            return ExitCodes.Environment;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("palisade: cancelled").ConfigureAwait(false);
            return 130;
        }
#pragma warning disable CA1031 // The last line of defence: users get one line, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var (message, exit) = ErrorMapping.Describe(e);
            if (Environment.GetEnvironmentVariable("PALISADE_DEBUG") == "1")
            {
                await console.Error.WriteLineAsync(e.ToString()).ConfigureAwait(false);
            }

            await console.Error.WriteLineAsync($"palisade: {message}").ConfigureAwait(false);
            return exit;
        }
    }

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult result) =>
        result.Parent is System.CommandLine.Parsing.CommandResult parent ? [.. CommandPath(parent), result.Command.Name] : ["palisade"];

    private static bool HelpRequested(IReadOnlyList<string> args) =>
        args.Any(a => a is "-h" or "--help" or "-?");
}

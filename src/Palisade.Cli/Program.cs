using Palisade.Cli;

var console = new CliConsole(Console.Out, Console.Error, Console.In, OutputIsTerminal: !Console.IsOutputRedirected) { ErrorIsTerminal = !Console.IsErrorRedirected };
using var signals = SignalCancellation.Install();
return await signals.RunAsync(Task.Run(() => PalisadeCli.RunAsync(args, console, signals.Token)), console.Error).ConfigureAwait(false);

using Palisade.Cli;

var console = new CliConsole(Console.Out, Console.Error, Console.In, OutputIsTerminal: !Console.IsOutputRedirected);
return await PalisadeCli.RunAsync(args, console).ConfigureAwait(false);

using System.CommandLine;

namespace Palisade.Cli.Output;

/// <summary>Options every command takes: <c>--format</c>, <c>--output FILE</c>, <c>--force</c>.</summary>
internal sealed class CommonOptions
{
    public CommonOptions(params string[] formats)
    {
        Format = new Option<string>("--format", "-f")
        {
            Description = $"Output format: {string.Join('|', formats)}.",
            DefaultValueFactory = _ => formats[0],
        };
        Format.AcceptOnlyFromAmong(formats);
        Output = new Option<FileInfo?>("--output", "-o")
        {
            Description = "Write the report to FILE instead of standard output.",
        };
        Force = new Option<bool>("--force")
        {
            Description = "Overwrite an existing --output file, and write into a non-empty --out folder (replacing the report files there).",
        };
    }

    public Option<string> Format { get; }

    public Option<FileInfo?> Output { get; }

    public Option<bool> Force { get; }

    public void AddTo(Command command)
    {
        command.Add(Format);
        command.Add(Output);
        command.Add(Force);
    }
}

using Palisade.Core.Monitoring;

namespace Palisade.Sandbox.Runtimes;

/// <summary>
/// Runs a short runsc command through <see cref="ChildProcess"/> for hosts outside this project (the monitor's
/// resource readings, composed by the CLI). Throws <see cref="System.ComponentModel.Win32Exception"/> when runsc
/// cannot start.
/// </summary>
public static class RunscTool
{
    /// <summary>A <see cref="RunscRunner"/>: the exit code (null when it timed out) and standard output, capped.</summary>
    public static async Task<RunscOutput> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, long outputLimit, CancellationToken ct)
    {
        var result = await ToolCommand.RunAsync("runsc", arguments, timeout, ct, outputLimit).ConfigureAwait(false);
        return new RunscOutput(result.ExitCode, result.Stdout);
    }
}

namespace Palisade.Sandbox.Runtimes;

/// <summary>What one short runsc invocation returned: the exit code (null when it timed out) and standard output, capped.</summary>
public sealed record RunscToolResult(int? ExitCode, string Stdout);

/// <summary>
/// Runs a short runsc command through <see cref="ChildProcess"/> for hosts outside this project (the monitor's
/// resource readings, composed by the CLI). Throws <see cref="System.ComponentModel.Win32Exception"/> when runsc
/// cannot start.
/// </summary>
public static class RunscTool
{
    public static async Task<RunscToolResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, long outputLimit, CancellationToken ct)
    {
        var result = await ToolCommand.RunAsync("runsc", arguments, timeout, ct, outputLimit).ConfigureAwait(false);
        return new RunscToolResult(result.ExitCode, result.Stdout);
    }
}

namespace Palisade.Sandbox.Runtimes;

/// <summary>Outcome of a short helper command (a version query, <c>runc kill</c>, <c>runsc delete</c>).</summary>
internal sealed record ToolCommandResult(int? ExitCode, bool TimedOut, string Stdout, string Stderr);

/// <summary>
/// Runs a helper command (a version query, <c>runc kill</c>, <c>ldd</c>, <c>gcc</c>, <c>apt-get</c>) with a timeout, through
/// <see cref="ChildProcess"/>; kills its process tree when the timeout passes. Throws
/// <see cref="System.ComponentModel.Win32Exception"/> when the program cannot start.
/// </summary>
internal static class ToolCommand
{
    public static Task<ToolCommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken ct,
        long outputLimit = 16 * 1024 * 1024,
        IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.RunAsync(new ChildProcessStart(fileName, [.. arguments]) { OutputLimit = outputLimit, AddedEnvironment = environment }, timeout, ct);
}

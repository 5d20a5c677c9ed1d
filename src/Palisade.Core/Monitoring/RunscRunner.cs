namespace Palisade.Core.Monitoring;

/// <summary>
/// Runs runsc with these arguments (never through a shell) and returns its exit code (null when it timed out or could
/// not start) and standard output, capped. The host supplies it (Palisade.Sandbox's RunscTool): the monitor library starts no processes itself.
/// </summary>
public delegate Task<RunscOutput> RunscRunner(IReadOnlyList<string> arguments, CancellationToken cancel);

/// <summary>What one runsc invocation returned.</summary>
public sealed record RunscOutput(int? ExitCode, string Stdout)
{
    /// <summary>Standard output worth keeping: a stats reading is ~330 bytes, anything past this is not one.</summary>
    public const int MaxStdoutBytes = 64 * 1024;
}

using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Tests.Images;

/// <summary>Result of one container run.</summary>
internal sealed record RunOutcome(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs a bundle once under real runc or runsc, with its own state root, and always deletes the container.</summary>
internal static class RuntimeRun
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<RunOutcome> RuncAsync(string bundle)
    {
        using var state = new TempFolder();
        var id = "palisade-test-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            return await RunAsync("runc", ["--root", state.Path, "run", "-b", bundle, id]);
        }
        finally
        {
            await RunAsync("runc", ["--root", state.Path, "delete", "-f", id]);
        }
    }

    public static async Task<RunOutcome> RunscAsync(string bundle)
    {
        using var state = new TempFolder();
        var id = "palisade-test-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            return await RunAsync("runsc", ["--root", state.Path, "--network=none", "run", "-bundle", bundle, id]);
        }
        finally
        {
            await RunAsync("runsc", ["--root", state.Path, "delete", "-force", id]);
        }
    }

    private static async Task<RunOutcome> RunAsync(string program, IReadOnlyList<string> args)
    {
        var result = await ToolCommand.RunAsync(program, args, Timeout, CancellationToken.None);
        return result.TimedOut
            ? throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in {Timeout}")
            : new RunOutcome(result.ExitCode!.Value, result.Stdout, result.Stderr);
    }
}

using System.Diagnostics;

namespace Palisade.Sandbox.Runtimes;

/// <summary>Outcome of a short helper command (a version query, <c>runc kill</c>, <c>runsc delete</c>).</summary>
internal sealed record ToolCommandResult(int? ExitCode, bool TimedOut, string Stdout, string Stderr);

/// <summary>
/// Runs a helper command (a version query, <c>runc kill</c>, <c>ldd</c>, <c>gcc</c>, <c>apt-get</c>) with a timeout; kills its
/// process tree when the timeout passes. Throws <see cref="System.ComponentModel.Win32Exception"/> when the program cannot start.
/// </summary>
internal static class ToolCommand
{
    public static async Task<ToolCommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        CancellationToken ct,
        long outputLimit = 16 * 1024 * 1024,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        process.Start();
        process.StandardInput.Close();
        var stdout = CappedStreamReader.ReadAllAsync(process.StandardOutput.BaseStream, outputLimit);
        var stderr = CappedStreamReader.ReadAllAsync(process.StandardError.BaseStream, outputLimit);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return new ToolCommandResult(timedOut ? null : process.ExitCode, timedOut, output.Text, error.Text);
    }
}

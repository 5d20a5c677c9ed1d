using System.Diagnostics;
using System.Text;

namespace Palisade.Sandbox.Runtimes;

/// <summary>What to start: a program and its arguments as a list (never through a shell), and how.</summary>
/// <param name="FileName">The program (a path, or a name looked up on PATH).</param>
/// <param name="Arguments">Its arguments, each passed as one word.</param>
internal sealed record ChildProcessStart(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The working directory, or null for the caller's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to (or replacing ones in) the caller's environment.</summary>
    public IReadOnlyDictionary<string, string>? AddedEnvironment { get; init; }

    /// <summary>The whole environment, replacing the caller's; null keeps it.</summary>
    public IReadOnlyList<KeyValuePair<string, string>>? Environment { get; init; }

    /// <summary>At most this many bytes of standard output and of standard error are kept; the rest is read and dropped.</summary>
    public long OutputLimit { get; init; } = 16 * 1024 * 1024;

    /// <summary>Called with each line of standard output and error as it arrives (a daemon's log); null to only capture.</summary>
    public Action<string>? OnLine { get; init; }
}

/// <summary>
/// The one way Palisade runs another program (runtimes, helper tools, containerd). Standard input is closed at once;
/// standard output and error are drained concurrently from the start (a chatty program can neither block on a full pipe
/// nor fill memory: <see cref="ChildProcessStart.OutputLimit"/>); stopping takes the whole process tree. Throws
/// <see cref="System.ComponentModel.Win32Exception"/> when the program cannot start.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;

    private ChildProcess(Process process, ChildProcessStart start)
    {
        this.process = process;
        Stdout = Drain(process.StandardOutput.BaseStream, start);
        Stderr = Drain(process.StandardError.BaseStream, start);
    }

    /// <summary>The process id.</summary>
    public int Id => process.Id;

    /// <summary>Everything it wrote to standard output (up to the limit), complete once its output is closed.</summary>
    public Task<CappedText> Stdout { get; }

    /// <summary>The same for standard error.</summary>
    public Task<CappedText> Stderr { get; }

    /// <summary>Whether it has exited.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>Its exit code, once it has exited.</summary>
    public int ExitCode => process.ExitCode;

    public static ChildProcess Start(ChildProcessStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var info = new ProcessStartInfo(start.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = start.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in start.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        if (start.Environment is { } environment)
        {
            info.Environment.Clear();
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        foreach (var (key, value) in start.AddedEnvironment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
            process.StandardInput.Close();
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return new ChildProcess(process, start);
    }

    /// <summary>Waits for it to exit.</summary>
    public Task WaitForExitAsync(CancellationToken ct) => process.WaitForExitAsync(ct);

    /// <summary>Waits up to <paramref name="grace"/>; true when it exited in that time.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan grace)
    {
        using var limit = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills it and every process it started, and waits until it is gone.</summary>
    public async Task KillTreeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs to the end within <paramref name="timeout"/>: past it the tree is killed and the result says so.
    /// Cancelling <paramref name="ct"/> kills the tree too, then throws.
    /// </summary>
    public static async Task<ToolCommandResult> RunAsync(ChildProcessStart start, TimeSpan timeout, CancellationToken ct)
    {
        using var child = Start(start);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await child.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !ct.IsCancellationRequested;
            await child.KillTreeAsync().ConfigureAwait(false);
        }

        var output = await child.Stdout.ConfigureAwait(false);
        var error = await child.Stderr.ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        return new ToolCommandResult(timedOut ? null : child.ExitCode, timedOut, output.Text, error.Text);
    }

    public void Dispose() => process.Dispose();

    private static Task<CappedText> Drain(Stream stream, ChildProcessStart start) =>
        start.OnLine is { } onLine ? DrainLinesAsync(stream, start.OutputLimit, onLine) : CappedStreamReader.ReadAllAsync(stream, start.OutputLimit);

    private static async Task<CappedText> DrainLinesAsync(Stream stream, long limit, Action<string> onLine)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var kept = new StringBuilder();
        var truncated = false;
        // No cancellation token: the stream ends when the process tree is gone, which KillTreeAsync guarantees.
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            onLine(line);
            if (kept.Length + line.Length + 1 <= limit)
            {
                kept.Append(line).Append('\n');
            }
            else
            {
                truncated = true;
            }
        }

        return new CappedText(kept.ToString(), truncated);
    }
}

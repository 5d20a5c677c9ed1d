using System.Runtime.InteropServices;

namespace Palisade.Cli;

/// <summary>
/// The one cancellation path: the first SIGINT or SIGTERM cancels <see cref="Token"/>, so whatever the command started is
/// killed (process trees, containers) and what it created is removed by the code that created it. The command then
/// ends with 130 (SIGINT) or 143 (SIGTERM) and a one-line message. A command that does not come back within the grace
/// period (blocked reading a terminal) is ended anyway, with the same message and exit code; a second signal ends it
/// at once.
/// </summary>
internal sealed class SignalCancellation : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource source = new();
    private readonly List<PosixSignalRegistration> registrations = [];
    private int signal;

    private SignalCancellation()
    {
        foreach (var posix in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            registrations.Add(PosixSignalRegistration.Create(posix, OnSignal));
        }
    }

    public CancellationToken Token => source.Token;

    private int ExitCode => signal == (int)PosixSignal.SIGINT ? 130 : 143;

    private string Name => signal == (int)PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";

    public static SignalCancellation Install() => new();

    /// <summary>The exit code of <paramref name="command"/>, or the signal's when a signal cancelled it.</summary>
    public async Task<int> RunAsync(Task<int> command, TextWriter error)
    {
        var cancelled = Task.Delay(Timeout.Infinite, source.Token);
        var first = await Task.WhenAny(command, cancelled).ConfigureAwait(false);
        if (first == command && !source.IsCancellationRequested)
        {
            return await command.ConfigureAwait(false);
        }

        // Wait for the command to stop what it started; one blocked on a terminal read with nothing running under it
        // is not waited for beyond five seconds.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!command.IsCompleted && waited.Elapsed < Grace && (waited.Elapsed < Settle || HasChildren()))
        {
            await Task.WhenAny(command, Task.Delay(50)).ConfigureAwait(false);
        }

        var finished = command.IsCompleted ? "; stopped what it had started" : "";
        await error.WriteLineAsync($"palisade: interrupted by {Name}{finished}").ConfigureAwait(false);
        await error.FlushAsync().ConfigureAwait(false);
        return ExitCode;
    }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        source.Dispose();
    }

    /// <summary>Whether any process still has this one as its parent (a runtime, strace, a helper being stopped).</summary>
    private static bool HasChildren()
    {
        var self = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 1 && fields[1] == self)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not a process, or gone meanwhile.
            }
        }

        return false;
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.CompareExchange(ref signal, (int)context.Signal, 0) != 0)
        {
            // Second signal: the user insists. The first already asked everything to stop.
            Console.Error.WriteLine($"palisade: interrupted again by {context.Signal}; exiting now");
            Environment.Exit(ExitCode);
        }

        source.Cancel();
    }
}

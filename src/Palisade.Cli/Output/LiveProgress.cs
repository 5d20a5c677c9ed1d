using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Palisade.Cli.Output;

/// <summary>Long work for the person waiting: step <see cref="Step"/> of <see cref="Total"/> runs now (counting from 1; total 0 for a note that is no step).</summary>
internal sealed record ProgressUpdate(int Step, int Total, string Message);

/// <summary>
/// Progress of a long command on standard error. On a terminal: one live display (Spectre.Console) with what runs now,
/// a bar with the overall count, elapsed and remaining time, cleared when the work ends. Without a terminal, or with
/// <c>CI</c> set or <c>TERM=dumb</c>: the plain <c>palisade: [i/n] message</c> lines logs and CI want. <c>--quiet</c>: nothing.
/// </summary>
internal static class LiveProgress
{
    private const int MessageWidth = 56;

    /// <summary>The global <c>--quiet</c> option (every command takes it).</summary>
    public static Option<bool> CreateQuietOption() => new("--quiet", "-q")
    {
        Description = "No progress display or progress lines: only the result, warnings and errors.",
        Recursive = true,
    };

    /// <summary>Whether <c>--quiet</c> was given.</summary>
    public static bool Quiet(ParseResult parse) => parse?.GetValue<bool>("--quiet") ?? false;

    /// <summary>Whether <paramref name="console"/> gets the live display rather than plain lines.</summary>
    public static bool IsLive(CliConsole console) =>
        console.ErrorIsTerminal
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        && Environment.GetEnvironmentVariable("TERM") is not "dumb";

    /// <summary>Runs <paramref name="work"/> with a progress sink suited to <paramref name="console"/>.</summary>
    public static async Task<T> RunAsync<T>(CliConsole console, bool quiet, string title, Func<IProgress<ProgressUpdate>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(work);
        if (quiet)
        {
            return await work(new Sink(_ => { })).ConfigureAwait(false);
        }

        if (!IsLive(console))
        {
            return await work(new Sink(u => console.Error.WriteLine(Line(u)))).ConfigureAwait(false);
        }

        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            // The display's own escape sequences go past the terminal-safe writer; messages are escaped in Show.
            Out = new AnsiConsoleOutput(console.Error is TerminalSafeWriter safe ? safe.Inner : console.Error),
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = TerminalStyle.ColourWanted() ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        var result = default(T)!;
        await terminal.Progress()
            .AutoClear(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                result = await work(new Sink(u => Show(terminal, task, title, u))).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>The plain line for <paramref name="update"/>: counted steps carry <c>[i/n]</c>.</summary>
    internal static string Line(ProgressUpdate update) => update.Total > 0
        ? string.Create(CultureInfo.InvariantCulture, $"palisade: [{update.Step}/{update.Total}] {update.Message}")
        : $"palisade: {update.Message}";

    private static void Show(IAnsiConsole terminal, ProgressTask task, string title, ProgressUpdate raw)
    {
        var update = raw with { Message = Palisade.Core.Reports.TerminalText.Escape(raw.Message) };
        if (update.Total <= 0)
        {
            // A note, not a step: printed above the live display, which stays at the bottom and shows it as the latest.
            terminal.MarkupLine(Markup.Escape(Line(update)));
            task.Description = Markup.Escape($"{title}: {Shorten(update.Message)}");
            return;
        }

        task.MaxValue = update.Total;
        task.Value = Math.Clamp(update.Step - 1, 0, update.Total);
        task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{title} [{update.Step}/{update.Total}] {Shorten(update.Message)}"));
    }

    private static string Shorten(string message) => message.Length > MessageWidth ? message[..(MessageWidth - 1)] + "…" : message;

    private sealed class Sink(Action<ProgressUpdate> report) : IProgress<ProgressUpdate>
    {
        public void Report(ProgressUpdate value) => report(value);
    }
}

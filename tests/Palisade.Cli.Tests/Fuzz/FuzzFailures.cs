namespace Palisade.Cli.Tests.Fuzz;

/// <summary>What a fuzzed surface must hold for every case, and the cases that did not.</summary>
internal sealed class FuzzFailures(string surface, int seed)
{
    public const long MaxPeakGrowthKb = 300 * 1024;

    private readonly List<string> failures = [];
    private readonly SortedDictionary<string, int> outcomes = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Stopwatch watch = System.Diagnostics.Stopwatch.StartNew();

    public long WorstPeakGrowthKb { get; private set; }

    public IReadOnlyList<string> All => failures;

    /// <summary>Checks a command's outcome: exit 0-3, not the crash fallback, no stack trace, bounded memory.</summary>
    public void CheckCommand(int index, string what, int exit, string output, long peakGrowthKb)
    {
        Note(peakGrowthKb);
        Count($"exit {exit}");
        if (exit is < 0 or > 3)
        {
            Add(index, what, $"exit {exit}");
        }

        CheckText(index, what, output);
        CheckMemory(index, what, peakGrowthKb);
    }

    /// <summary>Checks an HTTP answer: never a 5xx, a body on every answer, no stack trace, bounded memory.</summary>
    public void CheckHttp(int index, string what, int status, string body, long peakGrowthKb)
    {
        Note(peakGrowthKb);
        Count($"HTTP {status}");
        if (status >= 500)
        {
            Add(index, what, $"HTTP {status}");
        }

        if (body.Length == 0)
        {
            Add(index, what, $"HTTP {status} with an empty body");
        }

        CheckText(index, what, body);
        CheckMemory(index, what, peakGrowthKb);
    }

    public void Hang(int index, string what, TimeSpan limit) => Add(index, what, $"no answer within {limit.TotalSeconds} s (hang)");

    public string Report(int cases) =>
        $"{surface}: {cases} generated cases (seed {seed}) in {watch.Elapsed.TotalSeconds:F1} s ("
        + string.Join(", ", outcomes.Select(o => $"{o.Value}x {o.Key}"))
        + $"), {failures.Count} failed, worst peak RSS growth {WorstPeakGrowthKb / 1024} MiB";

    private void CheckText(int index, string what, string text)
    {
        if (text.Contains("   at ", StringComparison.Ordinal))
        {
            Add(index, what, "stack trace in the output: " + Head(text));
        }

        var control = text.IndexOfAny([.. Enumerable.Range(0, 32).Where(c => c is not '\n' and not '\r' and not '\t').Select(c => (char)c), '\u007f', '\u009b']);
        if (control >= 0)
        {
            Add(index, what, $"raw control character U+{(int)text[control]:X4} reaches the terminal: " + Head(text[Math.Max(0, control - 80)..].ReplaceLineEndings(" ")));
        }

        if (text.Contains("unexpected error", StringComparison.Ordinal) || text.Contains("internal error", StringComparison.Ordinal))
        {
            Add(index, what, "unexpected exception: " + Head(text));
        }
    }

    private void CheckMemory(int index, string what, long peakGrowthKb)
    {
        if (peakGrowthKb > MaxPeakGrowthKb)
        {
            Add(index, what, $"peak RSS grew by {peakGrowthKb / 1024} MiB");
        }
    }

    private void Count(string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

    private void Note(long peakGrowthKb) => WorstPeakGrowthKb = Math.Max(WorstPeakGrowthKb, peakGrowthKb);

    private void Add(int index, string what, string problem) => failures.Add($"{surface} seed {seed} case {index} ({what}): {problem}");

    private static string Head(string text) => text.Length > 300 ? text[..300] : text;
}

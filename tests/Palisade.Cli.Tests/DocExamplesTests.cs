using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Palisade.Cli.Tests;

/// <summary>
/// Docs that cannot drift: every <c>$ palisade …</c> example in docs/*.md and README.md whose output is shown is run
/// from the repository root by bash (with <c>palisade</c> the built CLI) and its output compared with the page, after
/// normalising times, temporary paths and versions. An example is only left out for a stated reason: it runs
/// workloads for minutes, needs root and a containerd lab, writes files into the checkout, or reads a file that an
/// earlier step of its page creates.
/// </summary>
public sealed partial class DocExamplesTests
{
    private static readonly string Palisade = Path.Combine(AppContext.BaseDirectory, "palisade.dll");

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var (page, index) in AllExamples().Where(e => SkipReason(e.Example) is null).Select(e => (e.Page, e.Index)))
        {
            data.Add(page, index);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task ShownOutputIsWhatTheCommandPrints(string page, int index)
    {
        var example = AllExamples().Single(e => e.Page == page && e.Index == index).Example;
        var (exit, output) = await RunAsync(example.Command);
        var expected = Normalise(example.Output);
        var actual = Normalise(output);
        if (example.Excerpt)
        {
            var position = 0;
            foreach (var line in expected.Where(l => l.Trim() is not ("..." or "…")))
            {
                var found = actual.FindIndex(position, l => l == line);
                Assert.True(found >= 0, $"{page}: `{example.Command}`: shown line not printed (in order): {line}\n--- printed:\n{string.Join('\n', actual)}");
                position = found + 1;
            }
        }
        else
        {
            Assert.True(expected.SequenceEqual(actual), $"{page}: `{example.Command}` prints something else.\n--- page:\n{string.Join('\n', expected)}\n--- printed:\n{string.Join('\n', actual)}");
        }

        if (example.Exit is { } code)
        {
            Assert.True(code == exit, $"{page}: `{example.Command}` exits {exit}, the page says {code}");
        }
    }

    [Fact]
    public void MostShownExamplesAreExecuted()
    {
        var all = AllExamples().ToList();
        var run = all.Count(e => SkipReason(e.Example) is null);
        Assert.True(run >= 12, $"only {run} of {all.Count} examples run");
    }

    internal sealed record DocExample(string Command, string Output, bool Excerpt, int? Exit);

    internal static IEnumerable<(string Page, int Index, DocExample Example)> AllExamples()
    {
        var pages = Directory.GetFiles(Path.Combine(CliRunner.RepoRoot, "docs"), "*.md").Append(Path.Combine(CliRunner.RepoRoot, "README.md")).Order(StringComparer.Ordinal);
        foreach (var file in pages)
        {
            var page = Path.GetRelativePath(CliRunner.RepoRoot, file);
            var index = 0;
            foreach (var example in Parse(File.ReadAllText(file)))
            {
                yield return (page, index++, example);
            }
        }
    }

    /// <summary>Fenced blocks: each <c>$ palisade</c> line starts an example; the lines up to the next <c>$</c> are its output.</summary>
    internal static IEnumerable<DocExample> Parse(string markdown)
    {
        var inFence = false;
        string? command = null;
        var output = new List<string>();
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (inFence && command is not null)
                {
                    yield return Make(command, output);
                }

                inFence = !inFence;
                command = null;
                output.Clear();
                continue;
            }

            if (!inFence)
            {
                continue;
            }

            if (line.StartsWith("$ ", StringComparison.Ordinal))
            {
                if (command is not null)
                {
                    yield return Make(command, output);
                }

                command = line.StartsWith("$ palisade", StringComparison.Ordinal) ? line[2..] : null;
                output.Clear();
            }
            else if (command is not null)
            {
                output.Add(line);
            }
        }
    }

    private static DocExample Make(string command, List<string> lines)
    {
        var shown = lines.ToList();
        int? exit = null;
        while (shown.Count > 0 && string.IsNullOrWhiteSpace(shown[^1]))
        {
            shown.RemoveAt(shown.Count - 1);
        }

        if (shown.Count > 0 && ExitLine().Match(shown[^1]) is { Success: true } m)
        {
            exit = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            shown.RemoveAt(shown.Count - 1);
        }

        return new DocExample(command, string.Join('\n', shown), command.Contains(" #", StringComparison.Ordinal) || shown.Any(l => l.Trim() is "..." or "…"), exit);
    }

    /// <summary>Why an example is not run, or null when it is.</summary>
    internal static string? SkipReason(DocExample example)
    {
        var words = example.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = words.Length > 1 ? words[1] : "";
        if (example.Output.Trim().Length == 0)
        {
            return "no output shown";
        }

        if (verb is "assess" or "bench" or "profile" or "serve" || example.Command.Contains("node verify", StringComparison.Ordinal) || example.Command.Contains("seccomp verify", StringComparison.Ordinal))
        {
            return "runs workloads under runc and runsc for minutes, or needs root and a containerd lab";
        }

        if (words.Any(w => w is "--output" or "-o" or "--out" or "--merge" or "--force" or "--install"))
        {
            return "writes files into the checkout or onto the host";
        }

        var missing = words.Skip(2).Where(w => !w.StartsWith('-') && (w.Contains('/', StringComparison.Ordinal) || w.Contains('.', StringComparison.Ordinal)) && !w.Contains('[', StringComparison.Ordinal) && !w.Contains('\'', StringComparison.Ordinal))
            .FirstOrDefault(w => !File.Exists(Path.Combine(CliRunner.RepoRoot, w)) && !Directory.Exists(Path.Combine(CliRunner.RepoRoot, w)));
        return missing is null ? null : $"reads {missing}, which an earlier step of its page creates";
    }

    private static List<string> Normalise(string text)
    {
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l =>
        {
            l = Timestamp().Replace(l, "<time>");
            l = Duration().Replace(l, "<duration>");
            l = TempPath().Replace(l, "<tmp>");
            l = DotnetVersion().Replace(l, ".NET <version>");
            return l.TrimEnd();
        }).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = CliRunner.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"palisade() {{ dotnet '{Palisade}' \"$@\"; }}\n{command} 2>&1");
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"^\(exit (\d+)\)$")]
    private static partial Regex ExitLine();

    [GeneratedRegex(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\b\d+(\.\d+)?\s?(ms|µs|us|ns|s)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"/tmp/[^\s""':]+")]
    private static partial Regex TempPath();

    [GeneratedRegex(@"\.NET \d+\.\d+\.\d+")]
    private static partial Regex DotnetVersion();
}

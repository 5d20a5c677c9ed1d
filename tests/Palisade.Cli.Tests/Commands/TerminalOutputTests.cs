using System.Diagnostics;

namespace Palisade.Cli.Tests.Commands;

/// <summary>
/// What a person at a terminal sees, through a real pseudo-terminal: util-linux's <c>script</c> runs the built CLI
/// on a PTY (so standard output and error are terminals), against the same command with pipes, with <c>CI</c> set,
/// with <c>NO_COLOR</c> set, and with <c>--quiet</c>. The bench runs are the short native and runc ones.
/// </summary>
[Collection(RealRuntimes.Name)]
public sealed class TerminalOutputTests
{
    private const string Esc = "\u001b";
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "palisade.dll");
    private static readonly string[] Bench = ["bench", "--quick", "--benchmark", "getpid,open-close", "--runtime", "native,runc"];
    private static readonly string BlockingLog = Path.Combine(CliRunner.RepoRoot, "tests", "Palisade.Core.Tests", "testdata", "syscalls", "runsc-userfaultfd.boot.txt");

    [Fact]
    public async Task Bench_OnATerminal_ShowsOneLiveDisplayNotLogLines()
    {
        var screen = await OnTerminalAsync([.. Bench, "--format", "json"], new Dictionary<string, string>());

        Assert.Contains($"{Esc}[?25l", screen, StringComparison.Ordinal); // the cursor is hidden while the display runs
        Assert.Contains("bench [12/12]", screen, StringComparison.Ordinal); // the last step, with the overall count
        Assert.Matches(@"\d+%", screen);
        Assert.Matches(@"\d\d:\d\d:\d\d", screen); // elapsed and remaining time
        Assert.DoesNotContain("palisade: [", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_WithoutATerminal_PrintsPlainCountedLines()
    {
        var run = await Subprocess.RunAsync([.. Bench, "--format", "json"]);

        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("palisade: [1/12] warm-up native", run.Err, StringComparison.Ordinal);
        Assert.Contains("palisade: [12/12] open-close runc 3/3", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(Esc, run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_OnATerminalInCi_PrintsPlainLines()
    {
        var screen = await OnTerminalAsync([.. Bench, "--format", "json"], new Dictionary<string, string> { ["CI"] = "true" });

        Assert.Contains("palisade: [12/12] open-close runc 3/3", screen, StringComparison.Ordinal);
        Assert.DoesNotContain($"{Esc}[?25l", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_Quiet_PrintsNoProgressAtAll()
    {
        var run = await Subprocess.RunAsync([.. Bench, "--format", "json", "--quiet"]);

        Assert.True(run.Exit == 0, run.Err);
        Assert.DoesNotContain("palisade: [", run.Err, StringComparison.Ordinal);
        Assert.StartsWith("{", run.Out.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diagnose_OnATerminal_ColoursTheVerdictUnlessNoColor()
    {
        var coloured = await OnTerminalAsync(["diagnose", BlockingLog], new Dictionary<string, string>());
        var plain = await OnTerminalAsync(["diagnose", BlockingLog], new Dictionary<string, string> { ["NO_COLOR"] = "1" });
        var piped = await Subprocess.RunAsync(["diagnose", BlockingLog]);

        Assert.Contains($"{Esc}[1;31mBLOCKING{Esc}[0m", coloured, StringComparison.Ordinal);
        Assert.Contains("BLOCKING", plain, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\u001b\[[0-9;]*m", plain); // no colour (the terminal set-up .NET itself sends stays)
        Assert.Contains("BLOCKING", piped.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Esc, piped.Out, StringComparison.Ordinal);
    }

    /// <summary>Everything the terminal received (stdout and stderr together, as a screen would).</summary>
    private static async Task<string> OnTerminalAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        using var dir = new TempDir();
        var typescript = Path.Combine(dir.Path, "typescript");
        var command = string.Join(' ', new[] { "dotnet", Dll }.Concat(args).Select(Quote));
        var start = new ProcessStartInfo("script") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "--quiet", "--flush", "--return", "--command", command, typescript })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment.Remove("CI");
        start.Environment.Remove("NO_COLOR");
        start.Environment["TERM"] = "xterm-256color";
        foreach (var (k, v) in environment)
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        await drain;
        Assert.True(process.ExitCode is 0 or 1, $"script: exit {process.ExitCode}");
        return await File.ReadAllTextAsync(typescript);
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

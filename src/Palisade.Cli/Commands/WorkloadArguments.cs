using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Palisade.Cli.Output;
using Palisade.Core.Assessment;
using Palisade.Sandbox.Assessing;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Cli.Commands;

/// <summary>What <c>profile</c> and <c>assess</c> share: TARGET, <c>--timeout</c>, <c>--runtime</c>, the exit code and the progress lines.</summary>
internal static class WorkloadArguments
{
    /// <summary>A day: longer runs are a typo, and larger numbers overflow the timers.</summary>
    public const double MaxTimeoutSeconds = 86400;

    /// <summary>Everything after <c>--</c> is a host command; otherwise exactly one TARGET path.</summary>
    public static TargetSpec Target(ParseResult parse, Argument<string[]> target, string? imageRef)
    {
        var values = parse.GetValue(target) ?? [];
        if (HasDoubleDash(parse))
        {
            return values.Length == 0 ? throw new UsageException("give the host command after --, e.g. -- /bin/echo hi") : TargetSpec.HostCommand(values);
        }

        return values.Length switch
        {
            0 => throw new UsageException("give a TARGET (image layout, archive or bundle) or -- COMMAND ARGS"),
            1 => TargetSpec.Detect(values[0], imageRef),
            _ => throw new UsageException($"one TARGET at a time (got {values.Length}); for a host command put it after --"),
        };
    }

    public static bool HasDoubleDash(ParseResult parse) => parse.Tokens.Any(t => t.Type == TokenType.DoubleDash);

    /// <summary>0 &lt; seconds ≤ a day; NaN and infinities refused.</summary>
    public static TimeSpan Timeout(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 && seconds <= MaxTimeoutSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--timeout must be a number of seconds above 0 and at most {MaxTimeoutSeconds} (got {seconds})"));

    public static List<RuntimeKind> Runtimes(string text, bool hostCommand)
    {
        var kinds = new List<RuntimeKind>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds.Add(name switch
            {
                "runc" => RuntimeKind.Runc,
                "runsc" or "gvisor" => RuntimeKind.Runsc,
                "native" when hostCommand => RuntimeKind.Native,
                "native" => throw new UsageException("--runtime native runs host commands only (-- COMMAND ARGS)"),
                "kata" => throw new UsageException("--runtime kata: Kata Containers cannot run on this host (no /dev/kvm, no package); palisade assess says when a workload needs it"),
                _ => throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"--runtime: unknown runtime '{name}' (runc, runsc, native)")),
            });
        }

        return kinds.Count == 0 ? throw new UsageException("--runtime: name at least one runtime") : kinds.Distinct().ToList();
    }

    /// <summary>Runs an assessment with its steps on the live display (or as plain lines; see <see cref="LiveProgress"/>).</summary>
    public static Task<Assessment> AssessAsync(CliConsole console, ParseResult parse, string title, AssessmentRequest request, CancellationToken cancel) =>
        LiveProgress.RunAsync(console, LiveProgress.Quiet(parse), title, live =>
            WorkloadAssessor.AssessAsync(request, new LineProgress(p => live.Report(new ProgressUpdate(p.Index, p.Total, p.Message))), cancel));

    /// <summary>
    /// 2 or 3 when a failure that is not gVisor's stopped the comparison (its blame decides), 1 when the workload is
    /// not compatible with gVisor (profile) or needs Kata (assess), else 0.
    /// </summary>
    public static int ExitCode(Assessment assessment, bool byRecommendation) => assessment switch
    {
        { Blocker.Blame: BlockerBlame.Environment } => ExitCodes.Environment,
        { Blocker: not null } => ExitCodes.BadInput,
        _ when byRecommendation => assessment.Recommendation?.Runtime == RecommendedRuntime.Kata ? ExitCodes.Findings : ExitCodes.Ok,
        _ => assessment.Profile.Compatibility is { Compatible: false } ? ExitCodes.Findings : ExitCodes.Ok,
    };

    public static async Task WriteAsync(Assessment assessment, string format, FileInfo? output, CliConsole console, string textSuffix = "")
    {
        if (format == "json")
        {
            await ReportSink.WriteAsync(output, console.Out, s => AssessmentJsonWriter.Write(assessment, s)).ConfigureAwait(false);
            return;
        }

        await TerminalStyle.WriteTextAsync(console, output, w => w.Write(AssessmentText.Describe(assessment) + textSuffix)).ConfigureAwait(false);
    }

    private sealed class LineProgress(Action<AssessmentProgress> report) : IProgress<AssessmentProgress>
    {
        public void Report(AssessmentProgress value) => report(value);
    }
}

using Palisade.Core.Gate;
using Palisade.Sandbox.Assessing;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Profiling;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Gate;

/// <summary>
/// The gate's canary: the image runs under runsc (the hardened runtime this host has; Kata cannot run here) and under
/// runc for comparison, through the assessment pipeline (<see cref="WorkloadAssessor"/>), bounded by the canary duration. A job passes
/// when it exits 0 under runsc as under runc; a service passes when it is still up under both at the end of the
/// duration. The evidence is the compatibility analysis: unsupported syscalls it used, and what failed only under runsc.
/// </summary>
public static class CanaryRunner
{
    public static async Task<CanaryOutcome> RunAsync(TargetSpec target, string display, bool kataRequired, CanaryOptions options, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var request = new AssessmentRequest { Target = target, DisplayName = display, Timeout = options.Duration };
        var steps = progress is null ? null : new StepMessages(progress);
        var assessment = await WorkloadAssessor.AssessAsync(request, steps, ct).ConfigureAwait(false);
        var profile = assessment.Profile;
        var runc = profile.Runs.First(r => r.Run.Runtime == RuntimeKind.Runc).Run;
        var runsc = profile.Runs.First(r => r.Run.Runtime == RuntimeKind.Runsc).Run;
        var evidence = new List<string>();
        foreach (var u in profile.Compatibility?.Unsupported ?? [])
        {
            evidence.Add($"syscall {u.Name}: {u.Support} in runsc {profile.RunscVersion} ({u.Impact}; seen {u.Seen}×){(u.Note.Length > 0 ? ": " + u.Note : "")}");
        }

        evidence.Add($"runc: {Describe(runc)}; runsc: {Describe(runsc)}");
        if (assessment.Blocker is { } blocker && !options.Service)
        {
            evidence.Add($"not compared: {blocker.Message}");
        }

        var failedOnlyUnderRunsc = Succeeded(runc, options) && !Succeeded(runsc, options);
        if (failedOnlyUnderRunsc && LastLine(runsc.Stderr) is { } err)
        {
            evidence.Add($"runsc stderr: {err}");
        }

        var passed = Succeeded(runsc, options);
        var summary = passed
            ? (options.Service ? $"stayed up for {options.Duration.TotalSeconds:0.#} s under runsc" : "exited 0 under runsc as under runc")
            : failedOnlyUnderRunsc ? $"fails only under runsc ({Describe(runsc)}; under runc: {Describe(runc)})" : $"fails under runsc and under runc ({Describe(runsc)})";
        return new CanaryOutcome(display, target.Path, "runsc", passed, summary, evidence,
            kataRequired ? "its tier requires Kata, which cannot run on this host (no KVM, no package): the canary ran under runsc instead" : null);
    }

    private static bool Succeeded(RunResult run, CanaryOptions options) =>
        options.Service ? run.TimedOut : run.ExitCode == 0 && !run.TimedOut;

    private static string Describe(RunResult run) =>
        run.TimedOut ? $"still running after {run.WallTime.TotalSeconds:0.#} s" : $"exit {run.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}";

    /// <summary>Passes the assessment's step messages on as plain lines, in order.</summary>
    private sealed class StepMessages(IProgress<string> lines) : IProgress<AssessmentProgress>
    {
        public void Report(AssessmentProgress value) => lines.Report(value.Message);
    }

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}

using Palisade.Core.Assessment;
using Palisade.Core.Seccomp;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Profiling;
using Palisade.Sandbox.Runtimes;
using Palisade.Sandbox.Seccomp;

namespace Palisade.Sandbox.Assessing;

/// <summary>
/// The assessment pipeline shared by <c>assess</c>, <c>profile</c> and <c>gate</c>: prepare the target, run it under
/// each runtime with syscall capture, compare, recommend, and (when asked) measure overhead and prove a seccomp
/// profile. Nothing is left behind: the bundle and every run's folders are removed before it returns.
/// </summary>
public static class WorkloadAssessor
{
    /// <exception cref="BundleException">The target is unreadable or refused (one-line message).</exception>
    /// <exception cref="EnvironmentProblemException">A runtime is missing or unusable; the message names the fix.</exception>
    public static async Task<Assessment> AssessAsync(AssessmentRequest request, IProgress<AssessmentProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Timeout, "the timeout of a run must be positive");
        }

        var steps = new StepCounter(request, progress);
        if (request.InstallMissingRuntimes)
        {
            steps.Begin(AssessmentStep.InstallRuntimes, "checking runc, runsc and strace (installed from Debian packages when missing)...");
            await RuntimeInstaller.EnsureAsync(steps.Detail(AssessmentStep.InstallRuntimes), ct).ConfigureAwait(false);
        }

        steps.Begin(AssessmentStep.PrepareTarget, $"preparing {request.Display}...");
        await using var bundle = await BundleBuilder.PrepareAsync(request.Target, request.Bundle, ct).ConfigureAwait(false);

        var options = new ProfileOptions(request.Runtimes, request.Timeout, request.RunscPlatform);
        var runs = new List<ProfiledRun>();
        foreach (var runtime in request.Runtimes)
        {
            steps.Begin(AssessmentStep.Run, $"running under {WorkloadProfiler.Name(runtime)} with syscall capture...", runtime);
            var run = await WorkloadProfiler.RunAsync(bundle, runtime, options, ct).ConfigureAwait(false);
            runs.Add(run);
            steps.Finish(AssessmentStep.Run, WorkloadProfiler.Outcome(run.Run), runtime);
        }

        steps.Begin(AssessmentStep.Compare, "comparing the runs with gVisor's syscall table...");
        var runcRun = runs.FirstOrDefault(r => r.Run.Runtime == RuntimeKind.Runc);
        var runscRun = runs.FirstOrDefault(r => r.Run.Runtime == RuntimeKind.Runsc);
        var blocker = RunBlockerAnalyzer.Find(runcRun?.Evidence, runscRun?.Evidence, request.Timeout);
        var profile = await WorkloadProfiler.CompareAsync(request.Display, bundle, runs, ct).ConfigureAwait(false);
        if (blocker is not null)
        {
            // Not gVisor's failure: no verdict, no recommendation, nothing more to measure.
            return new Assessment(profile with { Compatibility = null }, null, blocker, null, null, request.Trust);
        }

        var recommendation = profile.Compatibility is { } compatibility
            ? RuntimeRecommender.Recommend(new RecommendationInput
            {
                Compatibility = compatibility,
                RuncExitCode = runcRun?.Run.ExitCode,
                RunscExitCode = runscRun?.Run.ExitCode,
                RunscTimedOut = runscRun?.Run.TimedOut ?? false,
                Trusted = request.Trust == TrustLevel.Trusted,
                KataRunnableHere = await KataRunnableHereAsync(ct).ConfigureAwait(false),
                FailsOnlyUnderRunsc = profile.FailsOnlyUnderRunsc,
            })
            : null;

        var overhead = request.MeasureOverhead ? await OverheadAsync(bundle, profile, request.Timeout, steps, ct).ConfigureAwait(false) : null;
        var seccomp = request.ProveSeccomp ? await SeccompAsync(bundle, profile, request, steps, ct).ConfigureAwait(false) : null;
        return new Assessment(profile, recommendation, null, overhead, seccomp, request.Trust);
    }

    /// <summary>The OCI layout of a built-in sample (built locally the first time) as a target.</summary>
    public static async Task<(TargetSpec Target, string Display)> SampleTargetAsync(SampleImage sample, CancellationToken ct)
    {
        var reference = SampleImages.ReferenceOf(sample);
        var layout = await SampleImages.EnsureLayoutAsync(sample, ct).ConfigureAwait(false);
        return (TargetSpec.Detect(layout, reference), reference);
    }

    /// <summary>Kata needs both a usable /dev/kvm and its runtime (the containerd shim); /dev/kvm alone is not enough.</summary>
    private static async Task<bool> KataRunnableHereAsync(CancellationToken ct)
    {
        var inventory = await RuntimeProbe.ProbeAsync(ct).ConfigureAwait(false);
        return inventory.RunscPlatforms.Any(p => p.Name == "kvm" && p.Available) && RuntimeProbe.Locate("containerd-shim-kata-v2") is not null;
    }

    private static async Task<OverheadEstimate?> OverheadAsync(PreparedBundle bundle, WorkloadProfile profile, TimeSpan timeout, StepCounter steps, CancellationToken ct)
    {
        var runc = profile.RunUnder(RuntimeKind.Runc);
        var runsc = profile.RunUnder(RuntimeKind.Runsc);
        if (runc?.Run.ExitCode != 0 || runsc?.Run.ExitCode != 0)
        {
            steps.Begin(AssessmentStep.Overhead, "no overhead figures: the workload did not succeed under both runtimes");
            return null;
        }

        steps.Begin(AssessmentStep.Overhead, "measuring the runsc/runc wall-time ratio and predicting it from this host's bench costs...");
        var counts = (runc.Trace ?? runsc.Trace)?.Syscalls.Select(x => KeyValuePair.Create(x.Name, x.Count)) ?? [];
        return await OverheadEstimator.EstimateAsync(bundle, counts, new OverheadOptions(timeout), steps.Detail(AssessmentStep.Overhead), ct).ConfigureAwait(false);
    }

    private static async Task<SeccompOutcome> SeccompAsync(PreparedBundle bundle, WorkloadProfile profile, AssessmentRequest request, StepCounter steps, CancellationToken ct)
    {
        steps.Begin(AssessmentStep.Seccomp, "proving the generated seccomp profile by running under runc and runsc with and without it...");
        var names = profile.Runs.SelectMany(x => x.Trace?.Syscalls ?? []).Select(x => x.Name).Distinct(StringComparer.Ordinal);
        var generated = SeccompGenerator.Generate(names, new GenerateOptions());
        var proof = await SeccompVerifier.VerifyAsync(
            bundle, SeccompProfileWriter.Write(generated.Profile), request.Runtimes, request.Timeout, steps.Detail(AssessmentStep.Seccomp), ct).ConfigureAwait(false);
        var allowed = generated.Profile.Syscalls.Where(x => SeccompActions.Permits(x.Action)).SelectMany(x => x.Names).Distinct(StringComparer.Ordinal).Count();
        return new SeccompOutcome(generated.Profile, allowed, proof);
    }

    /// <summary>Numbers the steps of one request: the total is fixed when the assessment starts.</summary>
    private sealed class StepCounter(AssessmentRequest request, IProgress<AssessmentProgress>? progress)
    {
        private readonly int total = (request.InstallMissingRuntimes ? 1 : 0) + 1 + request.Runtimes.Count + 1
            + (request.MeasureOverhead ? 1 : 0) + (request.ProveSeccomp ? 1 : 0);

        private int index;

        public void Begin(AssessmentStep step, string message, RuntimeKind? runtime = null)
        {
            index++;
            progress?.Report(new AssessmentProgress(step, index, total, message) { Runtime = runtime });
        }

        public void Finish(AssessmentStep step, string message, RuntimeKind? runtime = null) =>
            progress?.Report(new AssessmentProgress(step, index, total, message, Finished: true) { Runtime = runtime });

        /// <summary>Sub-step messages of the running step, at the same index.</summary>
        public InlineProgress? Detail(AssessmentStep step) =>
            progress is null ? null : new InlineProgress(m => progress.Report(new AssessmentProgress(step, index, total, m)));
    }

    /// <summary>Reports synchronously, so events arrive in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class InlineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}

using Palisade.Core.Cis;
using Palisade.Core.Gate;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;
using Palisade.Core.Scanning;
using Palisade.Sandbox.Images;

namespace Palisade.Sandbox.Gate;

/// <summary>
/// The whole gate stage as a library: reads every input (reporting every bad one, located), reads the images,
/// runs the canary when asked, and returns the one verdict from <see cref="GateEvaluator"/>.
/// </summary>
public static class GateRunner
{
    public static async Task<GateRunResult> RunAsync(GateRequest request, TimeProvider time, IProgress<string>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        var problems = new List<GateInputProblem>();
        RuntimePolicy? policy = null;
        try
        {
            policy = request.Policy is null or "builtin" ? RuntimePolicyLoader.Default : RuntimePolicyLoader.Load(request.Policy);
        }
        catch (RuntimePolicyException ex)
        {
            problems.AddRange(ex.Problems.Select(p => new GateInputProblem(p.Source, p.Line, p.Column, p.Message)));
        }

        ManifestSet? manifests = null;
        if (request.Manifests.Count > 0)
        {
            manifests = ManifestLoader.Load(request.Manifests);
            problems.AddRange(manifests.Diagnostics.Select(d => new GateInputProblem(d.Source, d.Position.Line, d.Position.Column, d.Message)));
        }

        var reports = new List<ScanReport>();
        foreach (var path in request.Scans)
        {
            var read = ScanReportReader.ReadFile(path);
            if (read.Problem is { } p)
            {
                problems.Add(new GateInputProblem(p.Source, p.Line, p.Column, p.Message));
            }
            else
            {
                reports.Add(read.Report!);
            }
        }

        IReadOnlyList<Suppression> suppressions = [];
        if (request.Suppressions is { } suppressionsPath)
        {
            if (!File.Exists(suppressionsPath))
            {
                problems.Add(new GateInputProblem(suppressionsPath, 0, 0, "no such file"));
            }
            else
            {
                var (read, suppressionProblems) = SuppressionsReader.Load(suppressionsPath);
                suppressions = read;
                problems.AddRange(suppressionProblems);
            }
        }

        Baseline? baseline = null;
        if (request.Baseline is { } baselinePath)
        {
            if (!File.Exists(baselinePath))
            {
                problems.Add(new GateInputProblem(baselinePath, 0, 0, "no such file (write one with --write-baseline)"));
            }
            else
            {
                var (read, problem) = Baseline.Read(baselinePath, await File.ReadAllBytesAsync(baselinePath, ct).ConfigureAwait(false));
                baseline = read;
                if (problem is not null)
                {
                    problems.Add(problem);
                }
            }
        }

        var targets = new List<(TargetSpec Target, ImageFacts Facts)>();
        foreach (var path in request.Images)
        {
            if (!Directory.Exists(path) && !File.Exists(path))
            {
                problems.Add(new GateInputProblem(path, 0, 0, "no such image layout or archive"));
                continue;
            }

            try
            {
                var target = TargetSpec.Detect(path);
                targets.Add((target, ImageFactsReader.Read(target, ct)));
            }
            catch (BundleException ex) when (!ex.IsEnvironmentProblem)
            {
                problems.Add(new GateInputProblem(path, 0, 0, ex.Message.StartsWith(path, StringComparison.Ordinal) ? ex.Message[(path.Length + 1)..].TrimStart(':', ' ') : ex.Message));
            }
        }

        if (problems.Count > 0 || policy is null)
        {
            return new GateRunResult(null, problems);
        }

        var canary = new List<CanaryOutcome>();
        if (request.Canary is { } canaryOptions)
        {
            foreach (var (target, facts) in targets)
            {
                progress?.Report($"canary: running {facts.Name} under runsc and runc (up to {canaryOptions.Duration.TotalSeconds:0.#} s each)...");
                canary.Add(await CanaryRunner.RunAsync(target, facts.Name, KataRequired(policy, facts), canaryOptions, progress, ct).ConfigureAwait(false));
            }
        }

        var input = new GateInput(policy, manifests, reports, [.. targets.Select(t => t.Facts)], suppressions, baseline, canary, time.GetUtcNow());
        return new GateRunResult(GateEvaluator.Evaluate(input), []);
    }

    /// <summary>The image's tier asks for Kata: it is external and the external classes start with a Kata class.</summary>
    private static bool KataRequired(RuntimePolicy policy, ImageFacts facts)
    {
        var gate = policy.Gate;
        if (gate.ExternalRuntimeClasses.Count == 0)
        {
            return false;
        }

        var external = !gate.IsInternal(facts.Name);
        var first = policy.RuntimeClasses.FirstOrDefault(c => c.Name == gate.ExternalRuntimeClasses[0]);
        return external && first is not null && first.Handler.StartsWith("kata", StringComparison.Ordinal);
    }
}

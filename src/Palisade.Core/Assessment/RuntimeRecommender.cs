using System.Globalization;
using Palisade.Core.Syscalls;

namespace Palisade.Core.Assessment;

/// <summary>
/// Turns the evidence of a runc run and a runsc run into a recommendation. gVisor when the workload behaves the same
/// in it; Kata when it needs what gVisor lacks (the syscalls are named); runc only for a workload declared trusted.
/// </summary>
public static class RuntimeRecommender
{
    /// <summary>The reason added to a Kata recommendation on a host without KVM and Kata; reports show it before the verdict.</summary>
    public const string KataNotRunnableHere =
        "Kata cannot run on this host (it needs /dev/kvm and the Kata runtime, which is not installed or not packaged here): verify the workload on a node with KVM and Kata installed";

    public static RuntimeRecommendation Recommend(RecommendationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var c = input.Compatibility;
        var reasons = new List<string>();
        var fatal = c.Unsupported.Where(f => f.Impact == CompatibilityAnalyzer.ImpactFatal).Select(f => f.Name).ToList();
        var fallbacks = c.Unsupported.Where(f => f.Impact == CompatibilityAnalyzer.ImpactFallback).Select(f => f.Name).ToList();
        var version = c.RunscVersion is null ? "gVisor" : $"gVisor {c.RunscVersion}";

        if (input.Trusted)
        {
            reasons.Add("the workload is declared trusted (--trust trusted), so the shared host kernel (runc) is acceptable");
            reasons.Add(c.Compatible ? $"it would also run under {version}, if isolation is wanted later" : $"under {version} it does not behave as under runc: {c.Reason}");
            return new RuntimeRecommendation(RecommendedRuntime.Runc, reasons);
        }

        if (c.Compatible)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"it behaves the same under {version} as under runc (exit code {Code(input.RunscExitCode)} under runsc, {Code(input.RuncExitCode)} under runc)"));
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"every syscall it made is implemented by {version}, or has a fallback the program took") + (fallbacks.Count > 0 ? $" ({string.Join(", ", fallbacks)} returned ENOSYS and the program went on)" : ""));
            reasons.Add("gVisor intercepts every syscall in a user-space kernel, so a compromise of the workload does not reach the host kernel directly");
            return new RuntimeRecommendation(RecommendedRuntime.Gvisor, reasons);
        }

        if (fatal.Count > 0)
        {
            reasons.Add($"it needs {string.Join(", ", fatal)}, which {version} does not implement: the call failed with ENOSYS just before the workload failed");
        }
        else if (input.RunscTimedOut)
        {
            reasons.Add($"it did not finish in time under {version} but did under runc");
        }
        else
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"it exits with {Code(input.RunscExitCode)} under {version} but {Code(input.RuncExitCode)} under runc: {c.Reason}"));
            var fallbacksTaken = new HashSet<string>(fallbacks, StringComparer.Ordinal);
            var divergent = input.FailsOnlyUnderRunsc.Where(d => !fallbacksTaken.Contains(d.Name)).ToList();
            if (divergent.Count > 0)
            {
                reasons.Add("these calls failed only under gVisor: " + string.Join(", ", divergent.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Name} {d.Errno} (x{d.Count})"))));
            }
        }

        reasons.Add("an untrusted workload must not share the host kernel, so runc is not an option; Kata gives it a VM of its own with a full Linux kernel");
        if (!input.KataRunnableHere)
        {
            reasons.Add(KataNotRunnableHere);
        }

        return new RuntimeRecommendation(RecommendedRuntime.Kata, reasons);
    }

    private static string Code(int? code) => code?.ToString(CultureInfo.InvariantCulture) ?? "none (timed out)";
}

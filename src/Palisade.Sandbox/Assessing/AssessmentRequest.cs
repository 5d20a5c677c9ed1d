using Palisade.Core.Assessment;
using Palisade.Sandbox.Images;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Assessing;

/// <summary>What to assess and how far to go: <c>profile</c> stops after the comparison, <c>assess</c> goes on.</summary>
public sealed record AssessmentRequest
{
    public required TargetSpec Target { get; init; }

    /// <summary>How the target is named in reports; the target's path or command when null.</summary>
    public string? DisplayName { get; init; }

    public IReadOnlyList<RuntimeKind> Runtimes { get; init; } = [RuntimeKind.Runc, RuntimeKind.Runsc];

    /// <summary>Limit of one run; must be positive.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>runsc <c>--platform</c>; null picks the best this host supports.</summary>
    public string? RunscPlatform { get; init; }

    public TrustLevel Trust { get; init; } = TrustLevel.Untrusted;

    /// <summary>Install runc, runsc and strace from Debian packages first when missing (needs root).</summary>
    public bool InstallMissingRuntimes { get; init; }

    /// <summary>Time the workload without capture and predict the ratio from the cost table (only when both runs succeed).</summary>
    public bool MeasureOverhead { get; init; }

    /// <summary>Generate a seccomp profile from the recording and prove it by running with and without it.</summary>
    public bool ProveSeccomp { get; init; }

    public BundleOptions Bundle { get; init; } = BundleOptions.Default;

    /// <summary>The name reports use for the target.</summary>
    public string Display => DisplayName ?? (Target.Kind == TargetKind.HostCommand ? "-- " + string.Join(' ', Target.Command) : Target.Path);
}

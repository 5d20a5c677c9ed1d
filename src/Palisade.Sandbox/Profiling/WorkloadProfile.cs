using Palisade.Core.Syscalls;

namespace Palisade.Sandbox.Profiling;

/// <summary>
/// The workload run under each requested runtime, with its syscalls, and the gVisor compatibility verdict when it ran
/// under runsc (compared with runc when that ran too).
/// </summary>
public sealed record WorkloadProfile(
    string Target,
    IReadOnlyList<string> Args,
    IReadOnlyList<ProfiledRun> Runs,
    CompatibilityReport? Compatibility,
    string? RunscVersion);

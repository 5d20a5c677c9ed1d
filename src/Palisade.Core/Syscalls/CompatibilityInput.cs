namespace Palisade.Core.Syscalls;

/// <summary>The two runs to compare; any part may be missing (a run that did not start, a runtime not installed).</summary>
public sealed record CompatibilityInput
{
    public SyscallTrace? RuncTrace { get; init; }

    public SyscallTrace? RunscTrace { get; init; }

    public int? RuncExitCode { get; init; }

    public int? RunscExitCode { get; init; }

    /// <summary>Carried for reports; not part of the verdict, since outputs differ legitimately (<c>uname -r</c> is 4.4.0 under gVisor).</summary>
    public string? RuncOutput { get; init; }

    public string? RunscOutput { get; init; }
}

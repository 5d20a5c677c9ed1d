namespace Palisade.Core.Syscalls;

public sealed record CompatibilityReport
{
    public required string Runtime { get; init; }

    public string? RunscVersion { get; init; }

    public required bool Compatible { get; init; }

    public required IReadOnlyList<CompatibilityFinding> Unsupported { get; init; }

    public required IReadOnlyList<CompatibilityFinding> Partial { get; init; }

    /// <summary>Syscalls seen that gVisor's table does not list (another architecture's names, typos in logs).</summary>
    public required IReadOnlyList<string> UnknownSyscalls { get; init; }

    /// <summary>Every syscall seen, with gVisor's support level for it.</summary>
    public required IReadOnlyDictionary<string, SyscallSupport> Classification { get; init; }

    /// <summary>Why <see cref="Compatible"/> is what it is, in one sentence.</summary>
    public required string Reason { get; init; }
}

namespace Palisade.Core.Seccomp;

/// <summary>A generated profile, the workload names it could not include, and why.</summary>
public sealed record GenerateResult(SeccompProfile Profile, IReadOnlyList<string> DroppedNames, IReadOnlyList<string> Warnings);

namespace Palisade.Sandbox.Runtimes;

/// <summary>A runtime binary found on this host.</summary>
/// <param name="Name">runc, runsc or strace.</param>
/// <param name="Path">Absolute path of the binary.</param>
/// <param name="Version">First line of its version output, or null when it could not be read.</param>
public sealed record RuntimeTool(string Name, string Path, string? Version);

/// <summary>Whether one runsc platform can run on this host, and why (not).</summary>
public sealed record RunscPlatformStatus(string Name, bool Available, string Reason);

/// <summary>What this host can run.</summary>
/// <param name="Runc">runc, or null when missing.</param>
/// <param name="Runsc">runsc, or null when missing.</param>
/// <param name="Strace">strace, or null when missing.</param>
/// <param name="RunscReleaseDate">The release date in the runsc version (20221219 for "0.0~20221219.0"), or null.</param>
/// <param name="RunscPlatforms">ptrace, kvm and systrap, each with a reason.</param>
/// <param name="BestRunscPlatform">The platform used by default: systrap, then ptrace (kvm only when asked, see RuntimeProbe.DefaultPlatform), or null without runsc.</param>
/// <param name="Problems">Each missing binary with its fix.</param>
public sealed record RuntimeInventory(
    RuntimeTool? Runc,
    RuntimeTool? Runsc,
    RuntimeTool? Strace,
    int? RunscReleaseDate,
    IReadOnlyList<RunscPlatformStatus> RunscPlatforms,
    string? BestRunscPlatform,
    IReadOnlyList<EnvironmentProblem> Problems);

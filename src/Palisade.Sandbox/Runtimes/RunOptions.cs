namespace Palisade.Sandbox.Runtimes;

/// <summary>How one workload run is done.</summary>
/// <param name="Timeout">Wall-clock limit; the container is killed when it passes.</param>
/// <param name="CaptureSyscalls">Record syscalls: <c>strace -f</c> for runc and native, <c>--strace</c> debug logs for runsc.</param>
/// <param name="RunscPlatform">runsc <c>--platform</c>; null picks <see cref="RuntimeInventory.BestRunscPlatform"/>.</param>
/// <param name="Network">Not supported yet (true throws NotSupportedException): runs have no network (runsc <c>--network=none</c>, runc keeps the bundle's own network namespace).</param>
/// <param name="OutputLimitBytes">How many bytes of stdout and of stderr are kept; the rest is read and dropped.</param>
/// <param name="WorkDirectory">Where trace files go; null makes a fresh folder under the temp path when capturing (the caller owns it).</param>
/// <param name="EnforceOciSeccomp">Pass runsc --oci-seccomp so the bundle's linux.seccomp is enforced inside the sandbox (runc always applies it).</param>
public sealed record RunOptions(
    TimeSpan Timeout,
    bool CaptureSyscalls,
    string? RunscPlatform = null,
    bool Network = false,
    long OutputLimitBytes = RunOptions.DefaultOutputLimitBytes,
    string? WorkDirectory = null,
    bool EnforceOciSeccomp = false)
{
    /// <summary>1 MiB.</summary>
    public const long DefaultOutputLimitBytes = 1024 * 1024;
}

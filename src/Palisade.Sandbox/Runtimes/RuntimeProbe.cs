using Palisade.Core.Node;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Palisade.Sandbox.Runtimes;

/// <summary>Finds runc, runsc and strace, reads their versions and works out which runsc platforms this host can use.</summary>
public static partial class RuntimeProbe
{
    /// <summary>
    /// systrap first shipped in the runsc release of 2023-04-17. Comparing the release date in the version string is
    /// free, whereas trying <c>runsc --platform=systrap</c> costs a sandbox start (older releases fail with
    /// "unknown platform: systrap" only when a container is started).
    /// </summary>
    internal const int FirstSystrapRelease = 20230417;

    private static readonly string[] ExtraDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Looks for the binaries and reads their versions.</summary>
    public static async Task<RuntimeInventory> ProbeAsync(CancellationToken ct = default)
    {
        var problems = new List<EnvironmentProblem>();
        // The three version commands are independent: run them together (start-up of each is most of their cost).
        var runcTask = ProbeToolAsync("runc", ["--version"], problems, ct);
        var runscTask = ProbeToolAsync("runsc", ["--version"], problems, ct);
        var straceTask = ProbeToolAsync("strace", ["--version"], problems, ct);
        await Task.WhenAll(runcTask, runscTask, straceTask).ConfigureAwait(false);
        var (runc, runsc, strace) = (runcTask.Result, runscTask.Result, straceTask.Result);
        var releaseDate = runsc?.Version is { } version ? ParseReleaseDate(version) : null;
        var platforms = runsc is null ? [] : PlatformsFor(releaseDate, KvmDeviceProblem());
        var best = DefaultPlatform(platforms);
        return new RuntimeInventory(runc, runsc, strace, releaseDate, platforms, best, problems);
    }

    /// <summary>The fix for a missing binary: every one of them is a Debian package of the same name.</summary>
    public static EnvironmentProblem MissingBinary(string name) =>
        new($"{name} was not found on PATH or in /usr/sbin, /usr/bin.", $"apt-get install -y {name}");

    /// <summary>Absolute path of <paramref name="name"/> on PATH or in the usual system folders; null when absent.</summary>
    public static string? Locate(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var folders = path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(ExtraDirectories);
        foreach (var folder in folders)
        {
            var candidate = Path.Combine(folder, name);
            if (OperatingSystem.IsLinux() && File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>How containerd can drive runsc on this host: gVisor's shim when it is on PATH, else containerd's runc shim.</summary>
    public static RunscShim HostRunscShim() => Locate("containerd-shim-runsc-v1") is null ? RunscShim.Runc : RunscShim.Runsc;

    /// <summary>Locates a binary or throws the environment problem that names its fix.</summary>
    internal static string Require(string name) =>
        Locate(name) ?? throw new EnvironmentProblemException(MissingBinary(name));

    /// <summary>"runsc version 0.0~20221219.0" gives 20221219; "release-20230417.0" also works.</summary>
    internal static int? ParseReleaseDate(string version)
    {
        var match = ReleaseDatePattern().Match(version);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The best runsc platform without probing every tool: the runsc version comes from the per-binary cache and kvm
    /// from /dev/kvm. Used on every run, so it must cost next to nothing.
    /// </summary>
    public static async Task<string> BestRunscPlatformAsync(CancellationToken ct = default)
    {
        var runsc = Require("runsc");
        var version = await RunscCompatibility.VersionLineAsync(runsc, SandboxPaths.CacheDirectory, ct).ConfigureAwait(false);
        return DefaultPlatform(PlatformsFor(ParseReleaseDate(version), KvmDeviceProblem())) ?? "ptrace";
    }

    /// <summary>
    /// The platform used when none is asked for: the fastest available one except kvm. kvm is used only when asked
    /// (<c>--platform kvm</c>): under nested virtualisation runsc 20221219's kvm sandbox ran the workload and then
    /// never exited (seen on the build machine, where /dev/kvm exists), so choosing it silently turns every run into
    /// a timeout.
    /// </summary>
    internal static string? DefaultPlatform(IReadOnlyList<RunscPlatformStatus> platforms) =>
        platforms.FirstOrDefault(p => p.Available && p.Name != "kvm")?.Name;

    internal static IReadOnlyList<RunscPlatformStatus> PlatformsFor(int? releaseDate, string? kvmProblem)
    {
        var systrap = releaseDate is >= FirstSystrapRelease
            ? new RunscPlatformStatus("systrap", true, $"runsc release {releaseDate} includes systrap")
            : new RunscPlatformStatus("systrap", false, releaseDate is null
                ? "runsc version has no release date; systrap cannot be confirmed"
                : $"runsc release {releaseDate} predates systrap (first in {FirstSystrapRelease})");
        var kvm = kvmProblem is null
            ? new RunscPlatformStatus("kvm", true, "/dev/kvm is accessible")
            : new RunscPlatformStatus("kvm", false, kvmProblem);
        var ptrace = new RunscPlatformStatus("ptrace", true, "ptrace works on every host (slowest platform)");
        // Ordered fastest first, so the first available one is the best.
        return [kvm, systrap, ptrace];
    }

    private static string? KvmDeviceProblem()
    {
        const string Device = "/dev/kvm";
        if (!File.Exists(Device))
        {
            return "/dev/kvm does not exist (no hardware virtualisation exposed to this machine)";
        }

        try
        {
            using var stream = new FileStream(Device, FileMode.Open, FileAccess.ReadWrite);
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"/dev/kvm cannot be opened read-write: {e.Message}";
        }
    }

    private static async Task<RuntimeTool?> ProbeToolAsync(string name, string[] versionArguments, List<EnvironmentProblem> problems, CancellationToken ct)
    {
        var path = Locate(name);
        if (path is null)
        {
            problems.Add(MissingBinary(name));
            return null;
        }

        var result = await ToolCommand.RunAsync(path, versionArguments, VersionTimeout, ct).ConfigureAwait(false);
        var firstLine = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return new RuntimeTool(name, path, result.ExitCode == 0 ? firstLine : null);
    }

    [GeneratedRegex(@"(20\d{6})")]
    private static partial Regex ReleaseDatePattern();
}

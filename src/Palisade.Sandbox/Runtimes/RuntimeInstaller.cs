namespace Palisade.Sandbox.Runtimes;

/// <summary>
/// Makes sure the tools a real run needs (runsc, runc, strace, and for the built-in samples busybox-static, gcc and
/// the static C library) are installed: as root with apt available it installs
/// the missing Debian packages, saying so; otherwise it throws an <see cref="EnvironmentProblemException"/> with the
/// exact command to run.
/// </summary>
public static class RuntimeInstaller
{
    private static readonly (Func<bool> Present, string Package)[] Required =
    [
        (() => RuntimeProbe.Locate("runsc") is not null, "runsc"),
        (() => RuntimeProbe.Locate("runc") is not null, "runc"),
        (() => RuntimeProbe.Locate("strace") is not null, "strace"),
        (() => File.Exists("/bin/busybox"), "busybox-static"),
        (() => RuntimeProbe.Locate("gcc") is not null, "gcc"),
        // The samples are linked statically: libc.a comes with libc6-dev.
        (() => File.Exists("/usr/lib/x86_64-linux-gnu/libc.a") || File.Exists("/usr/lib/aarch64-linux-gnu/libc.a"), "libc6-dev"),
    ];

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(10);

    private static readonly Dictionary<string, string> NonInteractive = new() { ["DEBIAN_FRONTEND"] = "noninteractive" };

    public static async Task EnsureAsync(IProgress<string>? progress, CancellationToken ct)
    {
        var missing = Required.Where(r => !r.Present()).Select(r => r.Package).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        var command = "apt-get install -y " + string.Join(' ', missing);
        var apt = RuntimeProbe.Locate("apt-get");
        if (apt is null || Environment.UserName != "root")
        {
            throw new EnvironmentProblemException(new EnvironmentProblem($"{string.Join(", ", missing)} not installed", (apt is null ? "" : "sudo ") + command));
        }

        progress?.Report($"installing {string.Join(", ", missing)} from Debian packages ({command})...");
        await RunAsync(apt, ["update", "-qq"], ct).ConfigureAwait(false);
        var code = await RunAsync(apt, ["install", "-y", "-qq", "--no-install-recommends", .. missing], ct).ConfigureAwait(false);
        if (code != 0 || Required.Any(r => !r.Present()))
        {
            throw new EnvironmentProblemException(new EnvironmentProblem($"installing {string.Join(", ", missing)} failed (apt-get exit {code})", command));
        }
    }

    private static async Task<int> RunAsync(string apt, IReadOnlyList<string> args, CancellationToken ct)
    {
        var result = await ToolCommand.RunAsync(apt, args, InstallTimeout, ct, environment: NonInteractive).ConfigureAwait(false);
        return result.ExitCode ?? -1;
    }
}

using Palisade.Sandbox.Runtimes;
using System.Text.RegularExpressions;

namespace Palisade.Sandbox.Images;

/// <summary>
/// Builds a rootfs for a host program: the program and every shared library <c>ldd</c> lists,
/// copied to the same paths, plus empty mount points.
/// </summary>
internal static partial class HostCommandRootfs
{
    private static readonly string[] MountPoints = ["proc", "dev", "sys", "tmp", "etc"];

    /// <summary>Where <see cref="RuntimeSpecWriter"/> mounts a file system over the root: files copied below are hidden.</summary>
    private static readonly string[] ShadowingMounts = ["/tmp/", "/dev/", "/proc/", "/sys/"];

    public static async Task<ProcessSpec> CreateAsync(IReadOnlyList<string> command, string rootfs, BundleOptions options, CancellationToken ct)
    {
        var program = ResolveProgram(command[0]);
        var files = new List<string> { program };
        ToolCommandResult ldd;
        try
        {
            ldd = await ToolCommand.RunAsync("ldd", [program], options.ProcessTimeout, ct).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new BundleException("ldd not found: apt-get install -y libc-bin", ex) { IsEnvironmentProblem = true };
        }

        if (ldd.TimedOut)
        {
            throw new BundleException($"ldd {program}: timed out");
        }

        // ldd exits 1 with "not a dynamic executable" for static programs: then the program alone is enough.
        if (ldd.ExitCode == 0)
        {
            foreach (var line in ldd.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.Contains("=> not found", StringComparison.Ordinal))
                {
                    throw new BundleException($"{program}: shared library missing on this host: {line}");
                }

                var match = LibraryPath().Match(line);
                if (match.Success)
                {
                    files.Add(match.Groups["path"].Value);
                }
            }
        }

        var binds = new List<(string Source, string Destination)>();
        foreach (var file in files.Distinct(StringComparer.Ordinal))
        {
            if (ShadowingMounts.Any(m => file.StartsWith(m, StringComparison.Ordinal)))
            {
                // The runtime mounts a fresh tmpfs (or proc, sysfs) there over the root, which hides anything copied
                // below it, also from the runtime itself: keep the copy beside the rootfs and bind it on top.
                binds.Add((CopyPreservingPath(file, Path.Combine(Path.GetDirectoryName(rootfs)!, "binds")), file));
            }
            else
            {
                CopyPreservingPath(file, rootfs);
            }
        }

        foreach (var mountPoint in MountPoints)
        {
            Directory.CreateDirectory(Path.Combine(rootfs, mountPoint));
        }

        return new ProcessSpec([program, .. command.Skip(1)], [RuntimeSpecWriter.DefaultPath], "/", 0, 0) { FileBinds = binds };
    }

    private static string ResolveProgram(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(name);
            return File.Exists(full) ? full : throw new BundleException($"host command '{name}': no such file");
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new BundleException($"host command '{name}': not found on PATH");
    }

    /// <summary>Copies the file's content (following host links) to the same absolute path under rootfs.</summary>
    private static string CopyPreservingPath(string hostPath, string rootfs)
    {
        var parts = RootfsPath.Split(hostPath.TrimStart('/'), out var problem)
            ?? throw new BundleException($"host command: cannot place '{hostPath}' ({problem})");
        var target = RootfsPath.ResolveNoFollow(rootfs, parts, createParents: true, out problem)
            ?? throw new BundleException($"host command: cannot place '{hostPath}' ({problem})");
        File.Copy(hostPath, target, overwrite: true);
        return target;
    }

    // "libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" or "/lib64/ld-linux-x86-64.so.2 (0x...)".
    [GeneratedRegex(@"(?:=>\s*)?(?<path>/\S+)\s+\(0x[0-9a-fA-F]+\)$")]
    private static partial Regex LibraryPath();
}

using System.Globalization;
using Palisade.Core.Node;
using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Node;

/// <summary>What <see cref="NodeInstaller"/> did with one file.</summary>
/// <param name="Path">The file.</param>
/// <param name="Action">"installed", "unchanged" or "replaced".</param>
/// <param name="Backup">Where the replaced file was copied first, or null.</param>
public sealed record InstalledFile(string Path, string Action, string? Backup);

/// <summary>A file is in the way and <c>--force</c> was not given; nothing has been written.</summary>
public sealed class InstallRefusedException(string message) : Exception(message);

/// <summary>
/// Puts the files a generated node config refers to in place (<c>node config --install</c>): the runsc adapter, its
/// flags wrapper, or the runsc shim's options file. Refuses to replace a different file without <c>force</c>; with it,
/// copies the old file to FILE.bak (FILE.bak.TIMESTAMP when that exists) before writing. Writes are atomic.
/// </summary>
public static class NodeInstaller
{
    /// <summary>The adapter's file name, as <c>./palisade</c> publishes it next to palisade.</summary>
    public const string AdapterFileName = "runsc-shim-adapter";

    /// <summary>The adapter next to the running palisade, or null.</summary>
    public static string? AdapterNextToPalisade()
    {
        var path = Path.Combine(AppContext.BaseDirectory, AdapterFileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Installs <paramref name="files"/>; the adapter program is copied from <paramref name="adapterSource"/>.</summary>
    /// <exception cref="InstallRefusedException">A different file is in the way and <paramref name="force"/> is false (nothing written).</exception>
    /// <exception cref="EnvironmentProblemException">The adapter is needed but <paramref name="adapterSource"/> is null or missing.</exception>
    public static IReadOnlyList<InstalledFile> Install(IReadOnlyList<NodeInstallFile> files, string? adapterSource, bool force, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(clock);
        var planned = files.SelectMany(f => Expand(f, adapterSource)).ToList();
        var blocked = planned.Where(p => File.Exists(p.Target) && !SameContent(p)).Select(p => p.Target).ToList();
        if (blocked.Count > 0 && !force)
        {
            throw new InstallRefusedException($"{blocked[0]}: already exists with other content; use --force to replace it (a backup is written first)");
        }

        var missingFolder = planned.Select(p => Path.GetDirectoryName(p.Target)!).FirstOrDefault(d => !Directory.Exists(d) && !CanCreate(d));
        if (missingFolder is not null)
        {
            throw new InstallRefusedException($"{missingFolder}: cannot create the folder");
        }

        var done = new List<InstalledFile>();
        foreach (var item in planned)
        {
            if (File.Exists(item.Target) && SameContent(item))
            {
                done.Add(new InstalledFile(item.Target, "unchanged", null));
                continue;
            }

            string? backup = null;
            if (File.Exists(item.Target))
            {
                backup = item.Target + ".bak";
                if (File.Exists(backup))
                {
                    backup += "." + clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
                }

                File.Copy(item.Target, backup, overwrite: false);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(item.Target)!);
            var temporary = item.Target + ".palisade-new";
            File.WriteAllBytes(temporary, item.Bytes);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, item.Executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100);
            }

            File.Move(temporary, item.Target, overwrite: true);
            done.Add(new InstalledFile(item.Target, backup is null ? "installed" : "replaced", backup));
        }

        return done;
    }

    private static IEnumerable<Planned> Expand(NodeInstallFile file, string? adapterSource)
    {
        if (file.Content is not null)
        {
            yield return new Planned(file.Path, System.Text.Encoding.UTF8.GetBytes(file.Content), file.Executable);
            yield break;
        }

        // A framework-dependent launcher without its assembly beside it cannot run (a test host copies only the launcher).
        var incomplete = adapterSource is not null && File.Exists(adapterSource + ".runtimeconfig.json") && !File.Exists(adapterSource + ".dll");
        if (adapterSource is null || !File.Exists(adapterSource) || incomplete)
        {
            throw new EnvironmentProblemException(new EnvironmentProblem(
                $"the runsc adapter ({AdapterFileName}) is not next to palisade{(adapterSource is null ? "" : $" ({adapterSource})")}",
                "run palisade through ./palisade in its repository, which builds the adapter next to it"));
        }

        yield return new Planned(file.Path, File.ReadAllBytes(adapterSource), Executable: true);

        // A framework-dependent build runs its .dll with the settings beside it; a NativeAOT build is the one file.
        var folder = Path.GetDirectoryName(adapterSource)!;
        foreach (var extension in new[] { ".dll", ".runtimeconfig.json", ".deps.json" })
        {
            var sibling = Path.Combine(folder, AdapterFileName + extension);
            if (File.Exists(sibling))
            {
                yield return new Planned(Path.Combine(Path.GetDirectoryName(file.Path)!, AdapterFileName + extension), File.ReadAllBytes(sibling), Executable: false);
            }
        }
    }

    private static bool SameContent(Planned item) => File.ReadAllBytes(item.Target).AsSpan().SequenceEqual(item.Bytes);

    private static bool CanCreate(string folder)
    {
        for (var dir = Path.GetDirectoryName(folder); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Planned(string Target, byte[] Bytes, bool Executable);
}

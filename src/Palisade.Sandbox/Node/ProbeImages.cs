using System.Formats.Tar;
using System.Text;
using Palisade.Sandbox.Images;

namespace Palisade.Sandbox.Node;

/// <summary>
/// The two images <c>node verify</c> needs, built locally from busybox-static as one OCI archive: a probe image
/// (sleep, uname, cat, sh) and a pod sandbox ("pause") image whose entrypoint only sleeps. No registry is involved.
/// </summary>
public static class ProbeImages
{
    /// <summary>The probe image's name once imported.</summary>
    public const string ProbeReference = "localhost/palisade/probe:v1";

    /// <summary>The name <see cref="WriteArchiveAsync"/> gives the pause image unless told otherwise.</summary>
    public const string DefaultPauseReference = "localhost/palisade/pause:v1";

    private const string BusyboxPath = "/bin/busybox";
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private static readonly string[] Applets = ["sh", "sleep", "uname", "cat", "echo"];

    /// <summary>Writes an OCI archive holding the probe image (when <paramref name="includeProbe"/>) and a pause image named <paramref name="pauseReference"/> (when given).</summary>
    /// <exception cref="BundleException">busybox-static is not installed (an environment problem).</exception>
    public static async Task WriteArchiveAsync(string archivePath, bool includeProbe, string? pauseReference, CancellationToken ct)
    {
        if (!File.Exists(BusyboxPath))
        {
            throw new BundleException($"{BusyboxPath} not found: install it with `apt-get install -y busybox-static`") { IsEnvironmentProblem = true };
        }

        var layer = new LayerBuilder()
            .Directory("bin")
            .File("bin/busybox", await File.ReadAllBytesAsync(BusyboxPath, ct).ConfigureAwait(false), Executable)
            .Directory("etc")
            .File("etc/passwd", Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/sh\n"))
            .File("etc/group", Encoding.ASCII.GetBytes("root:x:0:\n"))
            .Directory("tmp", (UnixFileMode)0b1_111_111_111)
            .Directory("proc")
            .Directory("sys")
            .Directory("dev");
        foreach (var applet in Applets)
        {
            layer.Symlink("bin/" + applet, "busybox");
        }

        var blob = layer.Build();
        var layout = TempDirectory.Create(null, "palisade-probe-images-");
        try
        {
            var env = new[] { RuntimeSpecWriter.DefaultPath };
            if (includeProbe)
            {
                OciLayoutWriter.AddImage(layout, [blob], new ImageConfigSpec { Entrypoint = ["/bin/sleep", "3600"], Env = env, WorkingDir = "/" }, "probe", ProbeReference);
            }

            if (pauseReference is not null)
            {
                // The sandbox container only holds the pod's namespaces: it sleeps until the runtime kills it.
                OciLayoutWriter.AddImage(layout, [blob], new ImageConfigSpec { Entrypoint = ["/bin/sleep", "2147483647"], Env = env, WorkingDir = "/" }, "pause", pauseReference);
            }

            await TarFile.CreateFromDirectoryAsync(layout, archivePath, includeBaseDirectory: false, ct).ConfigureAwait(false);
        }
        finally
        {
            TempDirectory.TryDelete(layout);
        }
    }
}

using System.Globalization;
using System.Reflection;
using System.Text;

namespace Palisade.Sandbox.Images;

/// <summary>
/// Builds the sample workloads as real OCI image layouts, locally: small C programs compiled with
/// <c>gcc -static</c> (cached by source hash) on top of a busybox-static userland.
/// </summary>
public static class SampleImages
{
    public const string DataProcessingReference = "palisade/sample-data-processing:1";
    public const string IncompatibleReference = "palisade/sample-incompatible:1";

    /// <summary>Data rows in the data-processing sample's /data/input.csv.</summary>
    public const int DataProcessingRows = 3000;

    private const string BusyboxPath = "/bin/busybox";
    private const UnixFileMode Executable = (UnixFileMode)0b111_101_101;
    private static readonly string[] BusyboxApplets = ["sh", "ls", "cat", "echo", "mkdir", "head", "wc", "env", "id"];
    private static readonly string[] Regions = ["north", "south", "east", "west", "central"];
    private static readonly string[] Products = ["widget", "gadget", "gizmo", "sprocket"];

    public static string ReferenceOf(SampleImage sample) =>
        sample == SampleImage.DataProcessing ? DataProcessingReference : IncompatibleReference;

    /// <summary>
    /// The sample's layout in the cache (<c>SandboxPaths.CacheDirectory/samples/layout-NAME</c>), built on first use.
    /// The layout is complete when this returns: it is built beside and renamed into place.
    /// </summary>
    public static Task<string> EnsureLayoutAsync(SampleImage sample, CancellationToken ct) =>
        EnsureLayoutAsync(sample, Path.Combine(SandboxPaths.CacheDirectory, "samples"), ct);

    internal static async Task<string> EnsureLayoutAsync(SampleImage sample, string cache, CancellationToken ct)
    {
        var layout = Path.Combine(cache, "layout-" + sample.ToString().ToLowerInvariant() + "-v1");
        if (File.Exists(Path.Combine(layout, "index.json")))
        {
            return layout;
        }

        var staging = layout + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await BuildLayoutAsync(sample, staging, cache, ct).ConfigureAwait(false);
            try
            {
                Directory.Move(staging, layout);
            }
            catch (IOException) when (File.Exists(Path.Combine(layout, "index.json")))
            {
                // Another process finished first; its layout is identical.
            }

            return layout;
        }
        finally
        {
            TempDirectory.TryDelete(staging);
        }
    }

    /// <summary>Writes the sample as an OCI image layout into <paramref name="layoutDirectory"/>, compiling into the default cache.</summary>
    public static Task<string> BuildLayoutAsync(SampleImage sample, string layoutDirectory, CancellationToken ct) =>
        BuildLayoutAsync(sample, layoutDirectory, Path.Combine(SandboxPaths.CacheDirectory, "samples"), ct);

    /// <summary>Writes the sample as an OCI image layout; compiled programs are cached under <paramref name="cacheDirectory"/>/&lt;hash&gt;/.</summary>
    /// <exception cref="BundleException">gcc or busybox-static is missing (environment problem), or compiling failed.</exception>
    public static async Task<string> BuildLayoutAsync(SampleImage sample, string layoutDirectory, string cacheDirectory, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(layoutDirectory);
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        if (!File.Exists(BusyboxPath))
        {
            throw new BundleException($"{BusyboxPath} not found: install it with `apt-get install -y busybox-static`") { IsEnvironmentProblem = true };
        }

        var sourceName = sample == SampleImage.DataProcessing ? "aggregate.c" : "uffd_check.c";
        var program = await StaticProgramCompiler.CompileAsync(ReadSource(sourceName), cacheDirectory, ct).ConfigureAwait(false);

        var layers = new List<LayerBlob> { BaseLayer() };
        ImageConfigSpec config;
        if (sample == SampleImage.DataProcessing)
        {
            layers.Add(new LayerBuilder()
                .Directory("app")
                .File("app/aggregate", await File.ReadAllBytesAsync(program, ct).ConfigureAwait(false), Executable)
                .Directory("data")
                .File("data/input.csv", GenerateCsv(DataProcessingRows))
                .Build());
            config = new ImageConfigSpec
            {
                Entrypoint = ["/app/aggregate"],
                Cmd = ["/data/input.csv", "/tmp/out/results.csv"],
                Env = [RuntimeSpecWriter.DefaultPath, "LANG=C"],
                WorkingDir = "/app",
                User = "app",
            };
        }
        else
        {
            layers.Add(new LayerBuilder()
                .Directory("app")
                .File("app/uffd-check", await File.ReadAllBytesAsync(program, ct).ConfigureAwait(false), Executable)
                .Build());
            config = new ImageConfigSpec { Entrypoint = ["/app/uffd-check"], Env = [RuntimeSpecWriter.DefaultPath], WorkingDir = "/" };
        }

        if (Directory.Exists(layoutDirectory))
        {
            Directory.Delete(layoutDirectory, recursive: true);
        }

        Directory.CreateDirectory(layoutDirectory);
        OciLayoutWriter.AddImage(layoutDirectory, layers, config, ReferenceOf(sample));
        return layoutDirectory;
    }

    /// <summary>region,product,amount rows from a fixed linear congruential sequence: the same file every time.</summary>
    internal static byte[] GenerateCsv(int rows)
    {
        var text = new StringBuilder("region,product,amount\n");
        var state = 20240601u;
        for (var i = 0; i < rows; i++)
        {
            state = unchecked((state * 1664525u) + 1013904223u);
            var region = Regions[(state >> 8) % (uint)Regions.Length];
            var product = Products[(state >> 16) % (uint)Products.Length];
            var cents = 100 + ((state >> 4) % 99_900);
            text.Append(CultureInfo.InvariantCulture, $"{region},{product},{cents / 100}.{cents % 100:D2}\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static LayerBlob BaseLayer()
    {
        var layer = new LayerBuilder()
            .Directory("bin")
            .File("bin/busybox", File.ReadAllBytes(BusyboxPath), Executable)
            .Directory("etc")
            .File("etc/passwd", Encoding.ASCII.GetBytes("root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/app:/bin/sh\n"))
            .File("etc/group", Encoding.ASCII.GetBytes("root:x:0:\napp:x:1000:\n"))
            .Directory("tmp", (UnixFileMode)0b1_111_111_111)
            .Directory("proc")
            .Directory("sys")
            .Directory("dev");
        foreach (var applet in BusyboxApplets)
        {
            layer.Symlink("bin/" + applet, "busybox");
        }

        return layer.Build();
    }

    private static string ReadSource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Palisade.Sandbox.Images.Samples." + name)
            ?? throw new InvalidOperationException($"embedded sample source {name} missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Palisade.Sandbox.Tests.Runtimes;

/// <summary>A static-busybox root filesystem in a temp folder, and bundles over it with any process.args.</summary>
public sealed class BusyboxBundleFixture : IDisposable
{
    private static readonly string[] Applets = ["sh", "echo", "sleep", "cat", "uname", "yes", "head"];
    private readonly string baseConfig;
    private int bundles;

    public BusyboxBundleFixture()
    {
        Root = Directory.CreateTempSubdirectory("palisade-test-").FullName;
        RootFs = Path.Combine(Root, "rootfs");
        var bin = Directory.CreateDirectory(Path.Combine(RootFs, "bin")).FullName;
        File.Copy("/bin/busybox", Path.Combine(bin, "busybox"));
        foreach (var applet in Applets)
        {
            File.CreateSymbolicLink(Path.Combine(bin, applet), "busybox");
        }

        var spec = Path.Combine(Root, "spec");
        Directory.CreateDirectory(spec);
        using (var runc = Process.Start(new ProcessStartInfo("runc") { ArgumentList = { "spec" }, WorkingDirectory = spec, UseShellExecute = false })!)
        {
            runc.WaitForExit();
            Assert.Equal(0, runc.ExitCode);
        }

        baseConfig = File.ReadAllText(Path.Combine(spec, "config.json"));
    }

    public string Root { get; }

    public string RootFs { get; }

    /// <summary>A new bundle folder whose config.json runs <paramref name="args"/> over the shared rootfs.</summary>
    public string Bundle(params string[] args)
    {
        var config = JsonNode.Parse(baseConfig)!;
        config["process"]!["terminal"] = false;
        config["process"]!["args"] = new JsonArray(args.Select(a => (JsonNode)JsonValue.Create(a)).ToArray());
        config["root"]!["path"] = RootFs;
        var folder = Path.Combine(Root, "bundle-" + Interlocked.Increment(ref bundles));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        return folder;
    }

    /// <summary>A fresh folder under the fixture root for trace files.</summary>
    public string WorkFolder() => Directory.CreateDirectory(Path.Combine(Root, "work-" + Interlocked.Increment(ref bundles))).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

[CollectionDefinition(Name)]
public sealed class RealRuntimes : ICollectionFixture<BusyboxBundleFixture>
{
    /// <summary>Real runtime runs share one collection so they never run in parallel on a small machine.</summary>
    public const string Name = "real runtimes";
}

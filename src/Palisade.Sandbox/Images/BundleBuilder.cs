using System.Text.Json;

namespace Palisade.Sandbox.Images;

/// <summary>Turns a TARGET (image layout, archive, bundle or host command) into an OCI runtime bundle.</summary>
public static class BundleBuilder
{
    /// <summary>
    /// Prepares a bundle for <paramref name="target"/>. Built bundles live in a temporary folder that the
    /// returned object removes on dispose; a bundle target is referenced, never modified.
    /// </summary>
    /// <exception cref="BundleException">The target is unreadable, ambiguous, corrupt or hostile (one-line message).</exception>
    public static async Task<PreparedBundle> PrepareAsync(TargetSpec target, BundleOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        if (target.Kind == TargetKind.Bundle)
        {
            return ExistingBundle(target.Path);
        }

        var work = TempDirectory.Create(options.WorkDirectory, "palisade-bundle-");
        try
        {
            var bundle = Path.Combine(work, "bundle");
            var rootfs = Path.Combine(bundle, "rootfs");
            Directory.CreateDirectory(rootfs);
            var info = target.Kind == TargetKind.HostCommand
                ? await PrepareHostCommandAsync(target, bundle, rootfs, options, ct).ConfigureAwait(false)
                : await Task.Run(() => PrepareImage(target, work, bundle, rootfs, options, ct), ct).ConfigureAwait(false);
            return new PreparedBundle(bundle, rootfs, info, work);
        }
        catch
        {
            TempDirectory.TryDelete(work);
            throw;
        }
    }

    private static async Task<ImageInfo> PrepareHostCommandAsync(TargetSpec target, string bundle, string rootfs, BundleOptions options, CancellationToken ct)
    {
        var command = target.Command.Count > 0 ? target.Command : [target.Path];
        var process = await HostCommandRootfs.CreateAsync(command, rootfs, options, ct).ConfigureAwait(false);
        RuntimeSpecWriter.Write(Path.Combine(bundle, "config.json"), process, readOnlyRoot: true);
        return new ImageInfo { Args = process.Args, Env = process.Env, WorkingDirectory = process.Cwd };
    }

    private static ImageInfo PrepareImage(TargetSpec target, string work, string bundle, string rootfs, BundleOptions options, CancellationToken ct)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("image bundles need Linux file modes");
        }

        var budget = new ExtractionBudget(options.MaxExtractedBytes, options.MaxEntries);
        ResolvedImage image;
        switch (target.Kind)
        {
            case TargetKind.OciLayout:
                image = ImageReader.ReadOciLayout(target.Path, target.ImageRef);
                break;
            case TargetKind.OciArchive:
            case TargetKind.DockerArchive:
                var unpacked = Path.Combine(work, "archive");
                Directory.CreateDirectory(unpacked);
                UnpackArchive(target.Path, unpacked, new ExtractionBudget(options.MaxExtractedBytes, options.MaxEntries), ct);
                image = target.Kind == TargetKind.OciArchive
                    ? ImageReader.ReadOciLayout(unpacked, target.ImageRef)
                    : ImageReader.ReadDockerArchive(unpacked, target.ImageRef);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target.Kind, "not an image target");
        }

        var extractor = new LayerExtractor(rootfs, budget);
        foreach (var layer in image.Layers)
        {
            VerifyLayer(layer, ct);
            using var stream = ArchiveStream.Open(layer.Path);
            extractor.Apply(stream, $"layer {layer.Digest}", ct);
        }

        var config = image.Config.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var entrypoint = config.ValueKind == JsonValueKind.Object ? ImageReader.Strings(config, "Entrypoint") : [];
        var cmd = config.ValueKind == JsonValueKind.Object ? ImageReader.Strings(config, "Cmd") : [];
        List<string> args = [.. entrypoint, .. target.Command.Count > 0 ? target.Command : cmd];
        if (args.Count == 0)
        {
            throw new BundleException($"{target.Path}: image has neither Entrypoint nor Cmd; give a command after the target");
        }

        var env = RuntimeSpecWriter.EnvWithPath(config.ValueKind == JsonValueKind.Object ? ImageReader.Strings(config, "Env") : []);
        var cwd = config.ValueKind == JsonValueKind.Object ? ImageReader.String(config, "WorkingDir") : null;
        cwd = string.IsNullOrEmpty(cwd) ? "/" : cwd;
        var user = config.ValueKind == JsonValueKind.Object ? ImageReader.String(config, "User") : null;
        var (uid, gid) = UserResolver.Resolve(user, rootfs);

        var process = new ProcessSpec(args, env, cwd, uid, gid);
        RuntimeSpecWriter.Write(Path.Combine(bundle, "config.json"), process, options.ReadOnlyRootfs);
        TempDirectory.TryDelete(Path.Combine(work, "archive"));

        return new ImageInfo
        {
            Reference = image.Reference,
            ManifestDigest = image.ManifestDigest,
            Layers = [.. image.Layers.Select(l => l.Digest)],
            Args = args,
            Env = env,
            WorkingDirectory = cwd,
            Uid = uid,
            Gid = gid,
            SkippedSpecialFiles = extractor.SkippedSpecialFiles,
            StrippedSetIdBits = extractor.StrippedSetIdBits,
        };
    }

    /// <summary>Unpacks an image archive: plain files and folders only, under the same path and size checks as layers.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void UnpackArchive(string archive, string folder, ExtractionBudget budget, CancellationToken ct)
    {
        using var stream = ArchiveStream.Open(archive);
        new LayerExtractor(folder, budget, allowLinks: false).Apply(stream, $"archive {archive}", ct);
    }

    private static void VerifyLayer(LayerSource layer, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        string actual;
        try
        {
            using var stream = layer.DigestOfUncompressed ? ArchiveStream.Open(layer.Path) : File.OpenRead(layer.Path);
            actual = Digest.Of(stream);
        }
        catch (InvalidDataException ex)
        {
            throw new BundleException($"layer {layer.Digest}: corrupt compressed data ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }

        if (!string.Equals(actual, layer.Digest, StringComparison.Ordinal))
        {
            throw new BundleException($"layer {layer.Digest}: digest mismatch (content hashes to {actual})");
        }
    }

    private static PreparedBundle ExistingBundle(string directory)
    {
        var configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath))
        {
            throw new BundleException($"{directory}: not an OCI runtime bundle (no config.json)");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(configPath));
            var root = document.RootElement;
            RefuseHooks(root, configPath);
            var rootPath = root.TryGetProperty("root", out var r) ? ImageReader.String(r, "path") : null;
            var rootfs = Path.GetFullPath(Path.Combine(directory, rootPath ?? "rootfs"));
            if (!Directory.Exists(rootfs))
            {
                throw new BundleException($"{configPath}: root.path '{rootPath}' is not a folder");
            }

            var process = root.TryGetProperty("process", out var p) ? p : default;
            var user = process.ValueKind == JsonValueKind.Object && process.TryGetProperty("user", out var u) ? u : default;
            var info = new ImageInfo
            {
                Args = process.ValueKind == JsonValueKind.Object ? ImageReader.Strings(process, "args") : [],
                Env = process.ValueKind == JsonValueKind.Object ? ImageReader.Strings(process, "env") : [],
                WorkingDirectory = (process.ValueKind == JsonValueKind.Object ? ImageReader.String(process, "cwd") : null) ?? "/",
                Uid = Id(user, "uid"),
                Gid = Id(user, "gid"),
            };
            return new PreparedBundle(Path.GetFullPath(directory), rootfs, info, ownedDirectory: null);
        }
        catch (JsonException ex)
        {
            throw new BundleException($"{configPath}: invalid JSON ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    /// <summary>
    /// OCI hooks (prestart, createRuntime, ...) run on the host, as root, before the sandbox exists: a bundle from
    /// an untrusted source must not run anything there, so a bundle with any hook is refused.
    /// </summary>
    private static void RefuseHooks(JsonElement root, string configPath)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("hooks", out var hooks) || hooks.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var kinds = hooks.ValueKind == JsonValueKind.Object
            ? hooks.EnumerateObject().Where(h => h.Value.ValueKind != JsonValueKind.Array || h.Value.GetArrayLength() > 0).Select(h => h.Name).ToList()
            : ["hooks"];
        if (kinds.Count > 0)
        {
            throw new BundleException($"{configPath}: refusing a bundle with hooks ({string.Join(", ", kinds)}): they would run on this host as root, outside any sandbox; remove \"hooks\" from config.json to profile it");
        }
    }

    private static uint Id(JsonElement user, string name) =>
        user.ValueKind == JsonValueKind.Object && user.TryGetProperty(name, out var v) && v.TryGetUInt32(out var id) ? id : 0;
}

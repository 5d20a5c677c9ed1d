using System.Text;

namespace Palisade.Core.Node;

/// <summary>
/// containerd CRI runtime handlers for runc, gVisor and Kata, as TOML tables (containerd docs/cri/config.md; gVisor
/// g3doc/user_guide/containerd; Kata docs/how-to/containerd-kata.md), for containerd 1.x (config version 2) or 2.x (version 3).
/// </summary>
public static class ContainerdConfigGenerator
{
    /// <summary>The CRI plugin of containerd 1.x, which holds the runtimes in config version 2.</summary>
    public const string CriPluginV1 = "io.containerd.grpc.v1.cri";

    /// <summary>The CRI runtime plugin of containerd 2.x (config version 3).</summary>
    public const string CriRuntimePluginV2 = "io.containerd.cri.v1.runtime";

    /// <summary>The CRI image plugin of containerd 2.x (config version 3).</summary>
    public const string CriImagesPluginV2 = "io.containerd.cri.v1.images";

    /// <summary>Where a drop-in goes.</summary>
    public const string DropInFolder = "/etc/containerd/conf.d";

    /// <summary>The config <c>version</c> a containerd release line reads.</summary>
    public static int ConfigVersion(ContainerdMajor major) => major == ContainerdMajor.V1 ? 2 : 3;

    /// <summary>The plugin whose <c>containerd.runtimes</c> table holds the handlers.</summary>
    public static string RuntimePlugin(ContainerdMajor major) => major == ContainerdMajor.V1 ? CriPluginV1 : CriRuntimePluginV2;

    /// <summary>
    /// The handler tables for the runtimes in <paramref name="options"/>; a complete config (<see cref="NodeConfigOptions.Cri"/>
    /// set) always has runc's, the handler containerd falls back to when <c>default_runtime_name</c> is unset.
    /// </summary>
    public static IReadOnlyList<ContainerdTable> Tables(NodeConfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var plugin = RuntimePlugin(options.Containerd);
        var tables = new List<ContainerdTable>();
        IEnumerable<NodeRuntime> runtimes = options.Cri is null ? options.Runtimes : [NodeRuntime.Runc, .. options.Runtimes];
        foreach (var runtime in runtimes.Distinct())
        {
            var handler = options.HandlerOf(runtime);
            string[] path = ["plugins", plugin, "containerd", "runtimes", handler];
            switch (runtime)
            {
                case NodeRuntime.Runc:
                    tables.Add(new ContainerdTable(path, [new("runtime_type", TomlText.String("io.containerd.runc.v2"))], "runc: the host kernel"));
                    break;
                case NodeRuntime.Runsc when options.RunscShim == RunscShim.Runsc:
                    tables.Add(new ContainerdTable(path, [new("runtime_type", TomlText.String("io.containerd.runsc.v1"))], "gVisor through containerd-shim-runsc-v1; runsc flags live in ConfigPath"));
                    tables.Add(new ContainerdTable([.. path, "options"], [
                        new("TypeUrl", TomlText.String("io.containerd.runsc.v1.options")),
                        new("ConfigPath", TomlText.String(options.RunscConfigPath)),
                    ]));
                    break;
                case NodeRuntime.Runsc:
                    tables.Add(new ContainerdTable(path, [new("runtime_type", TomlText.String("io.containerd.runc.v2"))], "gVisor through containerd's runc shim (no containerd-shim-runsc-v1): BinaryName is the wrapper holding runsc's flags, which runs the runsc adapter (palisade node config runsc --install)"));
                    tables.Add(new ContainerdTable([.. path, "options"], [new("BinaryName", TomlText.String(options.RunscWrapperPath))]));
                    break;
                case NodeRuntime.Kata:
                    tables.Add(new ContainerdTable(path, [
                        new("runtime_type", TomlText.String("io.containerd.kata.v2")),
                        new("privileged_without_host_devices", TomlText.Bool(true)),
                        new("pod_annotations", TomlText.Array(["io.katacontainers.*"])),
                    ], "Kata Containers (a VM per pod; needs /dev/kvm and containerd-shim-kata-v2)"));
                    tables.Add(new ContainerdTable([.. path, "options"], [new("ConfigPath", TomlText.String(options.KataConfigPath))]));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(options), runtime, "unknown runtime");
            }
        }

        return tables;
    }

    /// <summary>The line config.toml needs to read a drop-in from <paramref name="folder"/>.</summary>
    public static string ImportLine(string folder) => $"imports = [{TomlText.String(folder.TrimEnd('/') + "/*.toml")}]";

    /// <summary>
    /// With <see cref="NodeConfigOptions.Cri"/>: a complete config containerd loads on its own (CRI settings, runc and
    /// every requested handler, <c>default_runtime_name</c> written out). Without: a drop-in of the handler tables only.
    /// </summary>
    public static string Generate(NodeConfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = new StringBuilder();
        var line = options.Containerd == ContainerdMajor.V1 ? "1.x" : "2.x";
        if (options.Cri is null)
        {
            text.Append("# containerd ").Append(line).Append(" CRI runtime handlers (a drop-in), generated by palisade node config containerd --drop-in.\n");
            text.Append("# config.toml reads it with ").Append(ImportLine(DropInFolder)).Append(" at its top; or merge with --merge FILE.\n");
        }
        else
        {
            text.Append("# containerd ").Append(line).Append(" config, complete (containerd needs no other file), generated by palisade node config containerd.\n");
        }

        text.Append("version = ").Append(ConfigVersion(options.Containerd)).Append('\n');
        if (options.Standalone is { } standalone)
        {
            text.Append("root = ").Append(TomlText.String(standalone.Root)).Append('\n');
            text.Append("state = ").Append(TomlText.String(standalone.State)).Append('\n');
        }

        var settings = options.Cri is { } cri ? SettingsTables(options, cri) : [];
        foreach (var table in settings.Concat(Tables(options)))
        {
            text.Append('\n');
            if (table.Comment is not null)
            {
                text.Append("# ").Append(table.Comment).Append('\n');
            }

            text.Append('[').Append(table.Header).Append("]\n");
            foreach (var (key, value) in table.Values)
            {
                text.Append("  ").Append(TomlText.Segment(key)).Append(" = ").Append(value).Append('\n');
            }
        }

        return text.ToString();
    }

    private static List<ContainerdTable> SettingsTables(NodeConfigOptions options, CriSettings settings)
    {
        var major = options.Containerd;
        var tables = new List<ContainerdTable>();
        if (options.Standalone is { } standalone)
        {
            tables.Add(new ContainerdTable(["grpc"], [new("address", TomlText.String(standalone.Address))]));
        }

        var runtimePlugin = RuntimePlugin(major);
        var cri = new List<KeyValuePair<string, string>>();
        if (settings.RestrictOomScoreAdj)
        {
            cri.Add(new("restrict_oom_score_adj", TomlText.Bool(true)));
        }

        if (major == ContainerdMajor.V1 && settings.SandboxImage is { } image)
        {
            cri.Add(new("sandbox_image", TomlText.String(image)));
        }

        tables.Add(new ContainerdTable(["plugins", runtimePlugin], cri, settings.RestrictOomScoreAdj ? "this host may not lower oom_score_adj (no CAP_SYS_RESOURCE): keep containers at or above containerd's own" : null));
        if (major == ContainerdMajor.V2 && settings.SandboxImage is { } pinned)
        {
            tables.Add(new ContainerdTable(["plugins", CriImagesPluginV2, "pinned_images"], [new("sandbox", TomlText.String(pinned))]));
        }

        var cni = new List<KeyValuePair<string, string>>();
        if (settings.CniBinDir is { } bin)
        {
            cni.Add(new("bin_dir", TomlText.String(bin)));
        }

        if (settings.CniConfDir is { } conf)
        {
            cni.Add(new("conf_dir", TomlText.String(conf)));
        }

        if (cni.Count > 0)
        {
            tables.Add(new ContainerdTable(["plugins", runtimePlugin, "cni"], cni, "the pod network: the cluster's CNI writes its config into conf_dir"));
        }

        var defaultRuntime = settings.DefaultRuntime ?? options.HandlerOf(NodeRuntime.Runc);
        tables.Add(new ContainerdTable(["plugins", runtimePlugin, "containerd"], [new("default_runtime_name", TomlText.String(defaultRuntime))], "pods with no RuntimeClass run here; this handler must be defined below"));
        return tables;
    }
}

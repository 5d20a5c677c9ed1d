using System.Globalization;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Palisade.Core.Node;

/// <summary>
/// Checks a containerd config for the mistakes that leave pods in ContainerCreating: a default runtime with no
/// runtime behind it (containerd then disables its whole CRI plugin), plugin sections of the other config version,
/// handler names kubelet can never ask for, missing shims and binaries.
/// </summary>
public static class ContainerdConfigChecker
{
    /// <summary>Checks <paramref name="text"/>, the content of <paramref name="file"/>.</summary>
    public static ConfigCheckResult Check(string text, string file, NodeHostView host)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(host);
        var document = TomlDocument.Parse(text, file, out var problem);
        var model = document is null ? null : TomlDocument.Model(text, file, out problem);
        if (document is null || model is null)
        {
            return new ConfigCheckResult(problem, [], []);
        }

        var lines = LineIndex(document);
        string Where(params string[] path)
        {
            for (var n = path.Length; n > 0; n--)
            {
                // A table named only through a deeper header ([a.b.c] defines a.b) is found at that header.
                var key = Flat.Join(path.Take(n));
                var line = lines.TryGetValue(key, out var exact) ? exact
                    : lines.Where(l => l.Key.StartsWith(key + "\u001f", StringComparison.Ordinal)).Select(l => l.Value).DefaultIfEmpty(0).Min();
                if (line > 0)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"{file}:{line}");
                }
            }

            return file;
        }

        var findings = new List<NodeFinding>();
        var version = model.TryGetValue("version", out var v) && v is long number ? number : 1;
        var plugins = Table(model, "plugins") ?? new TomlTable();
        CheckPluginIds(version, plugins, findings, Where);
        var runtimePlugin = version switch { 2 => ContainerdConfigGenerator.CriPluginV1, 3 => ContainerdConfigGenerator.CriRuntimePluginV2, _ => "cri" };
        var cri = Table(plugins, runtimePlugin);
        var containerd = Table(cri, "containerd");
        var runtimes = Table(containerd, "runtimes") ?? new TomlTable();
        var handlers = runtimes.Keys.Order(StringComparer.Ordinal).ToList();

        // Unset means "runc" (containerd's default). A runtimes table in the file replaces containerd's built-in one, so
        // then runc must be in it, exactly as an explicit default must.
        var explicitDefault = containerd?.TryGetValue("default_runtime_name", out var d) == true && d is string named ? named : null;
        var defaultRuntime = explicitDefault ?? "runc";
        if (!runtimes.ContainsKey(defaultRuntime) && !(runtimes.Count == 0 && defaultRuntime == "runc"))
        {
            findings.Add(new NodeFinding(FindingSeverity.Error, "default-runtime-missing",
                explicitDefault is null
                    ? $"default_runtime_name is not set, so containerd uses \"runc\", but there is no [plugins.\"{runtimePlugin}\".containerd.runtimes.runc] section"
                    : $"default_runtime_name = \"{defaultRuntime}\", but there is no [plugins.\"{runtimePlugin}\".containerd.runtimes.{defaultRuntime}] section",
                "containerd starts but fails to load its whole CRI plugin (\"no corresponding runtime configured\"): kubelet cannot reach the node's runtime and no pod starts, with any handler",
                $"add the runtimes.{defaultRuntime} section (runtime_type = \"io.containerd.runc.v2\" for runc), or set default_runtime_name to a handler that is defined; palisade node config containerd writes a complete config",
                explicitDefault is null ? Where("plugins", runtimePlugin, "containerd", "runtimes") : Where("plugins", runtimePlugin, "containerd", "default_runtime_name")));
        }

        foreach (var handler in handlers)
        {
            CheckRuntime(handler, Table(runtimes, handler) ?? new TomlTable(), host, findings, () => Where("plugins", runtimePlugin, "containerd", "runtimes", handler));
        }

        var cniDir = Table(cri, "cni")?.TryGetValue("conf_dir", out var dir) == true && dir is string configured ? configured : "/etc/cni/net.d";
        if (cri is not null && !host.FilesIn(cniDir).Any(f => f.EndsWith(".conf", StringComparison.Ordinal) || f.EndsWith(".conflist", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)))
        {
            findings.Add(new NodeFinding(FindingSeverity.Warning, "cni-config-missing", $"no CNI network config in {cniDir}",
                "the CRI reports NetworkReady=false and every pod without hostNetwork fails (\"cni plugin not initialized\"); runsc also refuses host-network pods on older releases",
                "install the cluster's CNI (it writes its config there), or set conf_dir to where it lives",
                Where("plugins", runtimePlugin, "cni", "conf_dir")));
        }

        var restricted = cri?.TryGetValue("restrict_oom_score_adj", out var restrict) == true && restrict is true;
        if (host.CanLowerOomScoreAdj == false && !restricted)
        {
            findings.Add(new NodeFinding(FindingSeverity.Error, "oom-score-adj",
                "this host may not lower a process's oom_score_adj (no CAP_SYS_RESOURCE), and restrict_oom_score_adj is not set",
                "the CRI gives every pod sandbox oom_score_adj -998: runc fails with \"can't get final child's PID from pipe\", runsc with \"setting oom_score_adj ... permission denied\"",
                $"set restrict_oom_score_adj = true under [plugins.\"{runtimePlugin}\"]",
                cri is null ? file : Where("plugins", runtimePlugin)));
        }

        return new ConfigCheckResult(null, findings, handlers);
    }

    /// <summary>containerd-shim-X-vN for runtime_type io.containerd.X.vN; null for anything else (a path, a custom name).</summary>
    public static string? ShimBinary(string runtimeType)
    {
        var parts = runtimeType.Split('.');
        return parts is ["io", "containerd", var name, var shimVersion] ? $"containerd-shim-{name}-{shimVersion}" : null;
    }

    private static void CheckPluginIds(long version, TomlTable plugins, List<NodeFinding> findings, Func<string[], string> where)
    {
        if (version is < 1 or > 3)
        {
            findings.Add(new NodeFinding(FindingSeverity.Error, "config-version", $"version = {version}", "containerd 1.x reads versions 1 and 2, containerd 2.x reads 2 and 3; any other version stops it from starting", "use version = 2 (containerd 1.x) or version = 3 (containerd 2.x)", where(["version"])));
            return;
        }

        foreach (var id in plugins.Keys)
        {
            var (severity, why, fix) = (version, id) switch
            {
                (1, _) when id.StartsWith("io.containerd.", StringComparison.Ordinal) =>
                    (FindingSeverity.Error, "the file has no `version` key, so containerd reads it as version 1, where plugins are named by short id (plugins.cri): this section is ignored", "add version = 2 at the top (containerd 1.x)"),
                (2, ContainerdConfigGenerator.CriRuntimePluginV2 or ContainerdConfigGenerator.CriImagesPluginV2) =>
                    (FindingSeverity.Error, "this is a containerd 2.x plugin; a version 2 file is for containerd 1.x, which has no such plugin and ignores the section", $"move its settings under [plugins.\"{ContainerdConfigGenerator.CriPluginV1}\"], or set version = 3 if the node runs containerd 2.x"),
                (2 or 3, _) when !id.Contains('.', StringComparison.Ordinal) =>
                    (FindingSeverity.Warning, $"\"{id}\" is a version 1 (short) plugin id; in a version {version} file plugins are named by full id, so this section is ignored", "rename it to the plugin's full id (for the CRI plugin: io.containerd.grpc.v1.cri)"),
                (3, ContainerdConfigGenerator.CriPluginV1) when Table(Table(plugins, id), "containerd") is not null =>
                    (FindingSeverity.Error, "containerd 2.x reads runtime handlers from io.containerd.cri.v1.runtime; the containerd.runtimes under io.containerd.grpc.v1.cri are ignored in a version 3 file", $"move the containerd table under [plugins.\"{ContainerdConfigGenerator.CriRuntimePluginV2}\"]"),
                _ => ((FindingSeverity?)null, "", ""),
            };
            if (severity is { } s)
            {
                findings.Add(new NodeFinding(s, "plugin-section-version", $"[plugins.\"{id}\"] in a version {version} config", why, fix, where(["plugins", id])));
            }
        }
    }

    private static void CheckRuntime(string handler, TomlTable runtime, NodeHostView host, List<NodeFinding> findings, Func<string> where)
    {
        if (!DnsLabel.IsValid(handler))
        {
            findings.Add(new NodeFinding(FindingSeverity.Error, "handler-not-dns-label", $"runtime handler \"{handler}\" is not a DNS label",
                "a RuntimeClass handler must be a lowercase RFC 1123 label (a-z, 0-9, '-', at most 63), so no RuntimeClass can ever select this runtime",
                $"rename the runtimes.{handler} section to a DNS label, e.g. \"{handler.ToLowerInvariant().Replace('_', '-').Replace('.', '-')}\"", where()));
        }

        var runtimeType = runtime.TryGetValue("runtime_type", out var t) && t is string type ? type : null;
        var options = Table(runtime, "options");
        var binary = options?.TryGetValue("BinaryName", out var b) == true && b is string name && name.Length > 0 ? name : null;
        var configPath = options?.TryGetValue("ConfigPath", out var c) == true && c is string path && path.Length > 0 ? path : null;
        if (runtimeType is null)
        {
            findings.Add(new NodeFinding(FindingSeverity.Error, "runtime-type-missing", $"runtime handler \"{handler}\" has no runtime_type", "containerd cannot tell which shim to start, so pods with this handler fail", "set runtime_type, e.g. \"io.containerd.runc.v2\" or \"io.containerd.runsc.v1\"", where()));
        }
        else if (ShimBinary(runtimeType) is { } shim && host.FindOnPath(shim) is null)
        {
            var fix = runtimeType switch
            {
                "io.containerd.runsc.v1" => "install containerd-shim-runsc-v1 from gVisor's release next to runsc (Debian's runsc package does not ship it), or drive runsc with the runc shim: palisade node config containerd --runsc-shim runc",
                "io.containerd.kata.v2" => "install Kata Containers (containerd-shim-kata-v2); it also needs /dev/kvm",
                _ => $"install the package that ships {shim} (runc's shim comes with containerd)",
            };
            findings.Add(new NodeFinding(FindingSeverity.Error, "shim-missing", $"runtime handler \"{handler}\" needs {shim} (runtime_type {runtimeType}), which is not on PATH",
                "containerd looks the shim up on its PATH when a pod with this handler starts: the pod fails with \"failed to start shim\"", fix, where()));
        }

        if (binary is not null && !host.PathExists(binary))
        {
            findings.Add(new NodeFinding(FindingSeverity.Error, "binary-missing", $"runtime handler \"{handler}\" runs BinaryName = \"{binary}\", which does not exist",
                "the shim executes this file for every container; pods with this handler fail at creation", "install it, or point BinaryName at the installed binary", where()));
        }

        if (configPath is not null && !host.PathExists(configPath))
        {
            findings.Add(new NodeFinding(FindingSeverity.Warning, "config-path-missing", $"runtime handler \"{handler}\" reads ConfigPath = \"{configPath}\", which does not exist",
                "the shim reads its options (for runsc: its flags) from this file", "create it (palisade node config runsc writes runsc's)", where()));
        }

        if (RunscMonitoringCheck.Check(handler, runtimeType, binary, configPath, host) is { } monitoring)
        {
            findings.Add(monitoring with { Source = where() });
        }

        if (runtimeType?.StartsWith("io.containerd.runc.", StringComparison.Ordinal) == true && binary is not null && Path.GetFileName(binary).Contains("runsc", StringComparison.Ordinal))
        {
            findings.Add(host.RunsRunscAdapter(binary)
                ? new NodeFinding(FindingSeverity.Info, "runsc-adapter",
                    $"runtime handler \"{handler}\" runs runsc behind containerd's runc shim with Palisade's runsc adapter ({binary}): logs, exit codes, stop and delete, exec and restarts work as under runc (tested with containerd 1.6 and runsc 20221219; palisade node verify checks this node); not supported: UpdateContainerResources (runsc has no update), a container's own memory limit (gVisor limits the pod)",
                    "", "", where())
                : new NodeFinding(FindingSeverity.Warning, "runsc-under-runc-shim", $"runtime handler \"{handler}\" drives runsc through containerd's runc shim without Palisade's runsc adapter",
                    "pods start in gVisor, but kubectl logs stays empty, a container's exit is never seen (pods never show Completed) and deleting a pod hangs: runsc hands app containers start's stdio and writes the sandbox's pid for every container",
                    "install the adapter and point the wrapper at it: palisade node config runsc --runsc-shim runc --install; or use containerd-shim-runsc-v1 (runtime_type \"io.containerd.runsc.v1\") where it is available", where()));
        }
    }

    private static TomlTable? Table(TomlTable? parent, string key) =>
        parent is not null && parent.TryGetValue(key, out var value) ? value as TomlTable : null;

    private static Dictionary<string, int> LineIndex(DocumentSyntax document)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var kv in document.KeyValues)
        {
            lines.TryAdd(Flat.Join(TomlKeys.Segments(kv.Key)), kv.Span.Start.Line + 1);
        }

        foreach (var table in document.Tables)
        {
            var path = TomlKeys.Segments(table.Name);
            lines.TryAdd(Flat.Join(path), table.Span.Start.Line + 1);
            foreach (var kv in table.Items)
            {
                lines.TryAdd(Flat.Join(path.Concat(TomlKeys.Segments(kv.Key))), kv.Span.Start.Line + 1);
            }
        }

        return lines;
    }
}

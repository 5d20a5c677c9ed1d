using System.Text.Json;

namespace Palisade.Sandbox.Images;

/// <summary>
/// Writes an OCI runtime-spec config.json shaped like <c>runc spec</c>'s default: few capabilities,
/// new pid/ipc/uts/mount/network namespaces (so networking is off), masked and read-only /proc paths.
/// </summary>
internal static class RuntimeSpecWriter
{
    public const string DefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static readonly string[] Capabilities = ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"];
    private static readonly string[] Namespaces = ["pid", "ipc", "uts", "mount", "network"];

    private static readonly string[] MaskedPaths =
    [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi",
    ];

    private static readonly string[] ReadonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

    public static void Write(string path, ProcessSpec process, bool readOnlyRoot)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("ociVersion", "1.0.2");

        json.WriteStartObject("process");
        json.WriteBoolean("terminal", false);
        json.WriteStartObject("user");
        json.WriteNumber("uid", process.Uid);
        json.WriteNumber("gid", process.Gid);
        json.WriteEndObject();
        WriteArray(json, "args", process.Args);
        WriteArray(json, "env", process.Env);
        json.WriteString("cwd", process.Cwd);
        json.WriteStartObject("capabilities");
        foreach (var set in new[] { "bounding", "effective", "permitted" })
        {
            WriteArray(json, set, Capabilities);
        }

        json.WriteEndObject();
        json.WriteStartArray("rlimits");
        json.WriteStartObject();
        json.WriteString("type", "RLIMIT_NOFILE");
        json.WriteNumber("hard", 1024);
        json.WriteNumber("soft", 1024);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteBoolean("noNewPrivileges", true);
        json.WriteEndObject();

        json.WriteStartObject("root");
        json.WriteString("path", "rootfs");
        json.WriteBoolean("readonly", readOnlyRoot);
        json.WriteEndObject();
        json.WriteString("hostname", "palisade");

        json.WriteStartArray("mounts");
        WriteMount(json, "/proc", "proc", "proc", []);
        WriteMount(json, "/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]);
        WriteMount(json, "/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]);
        WriteMount(json, "/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]);
        WriteMount(json, "/dev/mqueue", "mqueue", "mqueue", ["nosuid", "noexec", "nodev"]);
        WriteMount(json, "/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]);
        if (readOnlyRoot)
        {
            // A read-only root still needs somewhere to write scratch output.
            WriteMount(json, "/tmp", "tmpfs", "tmpfs", ["nosuid", "nodev", "mode=1777", "size=65536k"]);
        }

        // Last, so they land on top of the tmpfs mounts above (runc and runsc mount in order).
        foreach (var (source, destination) in process.FileBinds)
        {
            WriteMount(json, destination, "bind", source, ["bind", "ro", "nosuid", "nodev"]);
        }

        json.WriteEndArray();

        json.WriteStartObject("linux");
        json.WriteStartObject("resources");
        json.WriteStartArray("devices");
        json.WriteStartObject();
        json.WriteBoolean("allow", false);
        json.WriteString("access", "rwm");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("namespaces");
        foreach (var ns in Namespaces)
        {
            json.WriteStartObject();
            json.WriteString("type", ns);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteArray(json, "maskedPaths", MaskedPaths);
        WriteArray(json, "readonlyPaths", ReadonlyPaths);
        json.WriteEndObject();

        json.WriteEndObject();
    }

    /// <summary>Image Env, with a default PATH added when the image sets none.</summary>
    public static List<string> EnvWithPath(IEnumerable<string> env)
    {
        var list = env.ToList();
        if (!list.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)))
        {
            list.Insert(0, DefaultPath);
        }

        return list;
    }

    private static void WriteMount(Utf8JsonWriter json, string destination, string type, string source, string[] options)
    {
        json.WriteStartObject();
        json.WriteString("destination", destination);
        json.WriteString("type", type);
        json.WriteString("source", source);
        if (options.Length > 0)
        {
            WriteArray(json, "options", options);
        }

        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

}

using System.Text.Json;
using System.Text.Json.Nodes;
using Palisade.Core.Reports;

namespace Palisade.Core.Monitoring;

/// <summary>
/// gVisor's trace session for runtime monitoring: the pod-init-config JSON runsc reads (<c>--pod-init-config</c>)
/// and the check <c>node doctor</c> uses to tell whether a handler has one that streams to a remote sink.
/// </summary>
public static class TraceSession
{
    /// <summary>
    /// The session name. runsc 20221219 supports only one session, named "Default": under any other name a
    /// pod-init-config is accepted and logged, but no point ever fires (<c>runsc trace create</c> says why).
    /// </summary>
    public const string Name = "Default";

    private static readonly string[] ContextFields = ["time", "thread_id", "group_id", "container_id", "credentials", "cwd", "process_name"];

    /// <summary>Syscalls traced at exit (so the result is known), with the fd_path optional field where runsc offers it.</summary>
    private static readonly (string Syscall, bool FdPath)[] Syscalls =
    [
        ("open", false), ("openat", true), ("creat", false),
        ("connect", true), ("socket", false), ("chdir", false), ("setuid", false), ("setresuid", false),
    ];

    /// <summary>The pod-init-config JSON for a session streaming to <paramref name="endpoint"/> (a Unix socket path).</summary>
    public static string PodInitConfig(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        var points = new JsonArray
        {
            Point("container/start", ["env"]),
            Point("sentry/clone", []),
            Point("sentry/execve", []),
            Point("sentry/task_exit", []),
            Point("syscall/sysno/101/enter", []), // ptrace has no schematised point at this release
        };
        foreach (var (syscall, fdPath) in Syscalls)
        {
            points.Add(Point($"syscall/{syscall}/exit", fdPath ? ["fd_path"] : []));
        }

        var root = new JsonObject
        {
            ["trace_session"] = new JsonObject
            {
                ["name"] = Name,
                ["points"] = points,
                ["sinks"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["name"] = "remote",
                        ["config"] = new JsonObject { ["endpoint"] = endpoint, ["retries"] = 3 },
                        ["ignore_setup_error"] = true,
                    },
                },
            },
        };
        return root.ToJsonString(ReportJson.SerializerOptions) + "\n";
    }

    /// <summary>
    /// What a pod-init-config file sets up: the remote sink endpoints of its trace session, or a problem. An empty
    /// list with no problem means the file has a session without a remote sink (nothing is monitored).
    /// </summary>
    public static TraceSessionInspection Inspect(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            return new TraceSessionInspection([], [], $"not valid JSON: {e.Message}");
        }

        if (root?["trace_session"] is not JsonObject session)
        {
            return new TraceSessionInspection([], [], "no trace_session object");
        }

        var endpoints = new List<string>();
        foreach (var sink in session["sinks"] as JsonArray ?? [])
        {
            if (sink?["name"]?.GetValueKind() == JsonValueKind.String && (string?)sink["name"] == "remote"
                && sink["config"]?["endpoint"] is JsonValue endpoint && endpoint.TryGetValue<string>(out var path))
            {
                endpoints.Add(path);
            }
        }

        var names = (session["points"] as JsonArray ?? []).Select(p => p?["name"] is JsonValue v && v.TryGetValue<string>(out var n) ? n : null)
            .OfType<string>().ToList();
        return new TraceSessionInspection(endpoints, names, null);
    }

    /// <summary>The runsc flag that installs the session (the runc-shim wrapper from <c>node config runsc</c> passes it).</summary>
    public static string RunscFlag(string podInitConfigPath) => "--pod-init-config=" + podInitConfigPath;

    /// <summary>The same as a key of the <c>[runsc_config]</c> table in containerd-shim-runsc-v1's options file.</summary>
    public static string ShimOption(string podInitConfigPath) => $"pod-init-config = \"{podInitConfigPath.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    private static JsonObject Point(string name, string[] optional)
    {
        var point = new JsonObject { ["name"] = name };
        if (optional.Length > 0)
        {
            point["optional_fields"] = new JsonArray(optional.Select(o => (JsonNode?)o).ToArray());
        }

        point["context_fields"] = new JsonArray(ContextFields.Select(c => (JsonNode?)c).ToArray());
        return point;
    }
}

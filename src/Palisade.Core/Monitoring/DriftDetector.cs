namespace Palisade.Core.Monitoring;

/// <summary>
/// The drift rule: a program executed, or a connection attempted, that the recording never saw. Each new program or
/// connection alerts once per container. Thread-safe.
/// </summary>
public sealed class DriftDetector(DriftRecording recording)
{
    public const string RuleName = "Drift from the recording";

    private static readonly string[] Tags = ["container", "drift", "mitre_execution"];

    private readonly Lock gate = new();
    private readonly HashSet<(string Container, string Key)> reported = [];

    /// <summary>An alert when <paramref name="e"/> is drift not reported before for its container, else null.</summary>
    public Alert? Check(MonitorEvent e)
    {
        var (known, key) = Key(e, recording.Programs, recording.Connections);
        if (key is null || known.Contains(key))
        {
            return null;
        }

        lock (gate)
        {
            if (!reported.Add((e.ContainerId, key)))
            {
                return null;
            }
        }

        var program = e.Type == "connect" ? null : key;
        var connection = e.Type == "connect" ? key : null;
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["container.id"] = e.ContainerId,
            ["drift.kind"] = program is null ? "connection" : "program",
            ["evt.type"] = e.Type,
            ["fd.name"] = connection,
            ["proc.cmdline"] = EventFields.Reader("proc.cmdline")!(e),
            ["proc.exepath"] = program ?? e.ExePath,
            ["proc.pname"] = e.ParentName,
        };
        var output = program is not null
            ? $"Program absent from the recording executed (proc.exepath={program} proc.cmdline={fields["proc.cmdline"]} proc.pname={e.ParentName} container.id={e.ContainerId})"
            : $"Connection absent from the recording (fd.name={connection} proc.name={e.ProcessName} container.id={e.ContainerId})";
        return new Alert(e.TimeNs, RuleName, RulePriority.Warning, output, fields, Tags);
    }

    /// <summary>For an execve, the program path and the program set; for a connect, "ip:port" and the connection set; else a null key.</summary>
    internal static (T Set, string? Key) Key<T>(MonitorEvent e, T programs, T connections) => e.Type switch
    {
        "execve" when e.ExePath is { Length: > 0 } path && (e.Result is null or 0) => (programs, path),
        "connect" when e.ServerIp is { } ip => (connections, e.ServerPort is { } port ? $"{ip}:{port}" : ip),
        _ => (programs, null),
    };
}

namespace Palisade.Core.Monitoring;

/// <summary>One event seen inside a sandbox, in the shape rules look at (Falco field names map onto it).</summary>
/// <param name="Type">evt.type: execve, openat, connect, socket, clone, exit, container_start, …</param>
/// <param name="ContainerId">container.id, or "" when the session did not ask for it.</param>
/// <param name="ProcessName">proc.name: the task's command name (comm).</param>
public sealed record MonitorEvent(string Type, string ContainerId, string ProcessName)
{
    /// <summary>evt.time in nanoseconds since the epoch, from the sandbox's clock.</summary>
    public long TimeNs { get; init; }

    /// <summary>proc.pid (thread group id inside the sandbox).</summary>
    public long Pid { get; init; }

    /// <summary>thread.tid.</summary>
    public long Tid { get; init; }

    /// <summary>proc.exepath: the executable for execve events, else null.</summary>
    public string? ExePath { get; init; }

    /// <summary>proc.args: argv without argv[0] (execve and container start).</summary>
    public IReadOnlyList<string> Argv { get; init; } = [];

    /// <summary>proc.pname: the parent process's name when the monitor saw the clone, else null.</summary>
    public string? ParentName { get; init; }

    /// <summary>proc.cwd.</summary>
    public string? Cwd { get; init; }

    /// <summary>fd.name: the file path (open) or the remote address "ip:port" (connect).</summary>
    public string? FdName { get; init; }

    /// <summary>fd.sip: the server (remote) IP of a connect.</summary>
    public string? ServerIp { get; init; }

    /// <summary>fd.sport: the server (remote) port of a connect.</summary>
    public int? ServerPort { get; init; }

    /// <summary>user.uid (effective).</summary>
    public long? Uid { get; init; }

    /// <summary>evt.res: the syscall's return value (exit points only).</summary>
    public long? Result { get; init; }

    /// <summary>Open flags (O_*), for evt.is_open_write.</summary>
    public long? OpenFlags { get; init; }

    /// <summary>container.start: whether the container has a terminal (proc.tty is 1 then).</summary>
    public bool Terminal { get; init; }

    /// <summary>k8s.pod.name: the pod of the sandbox, from the CRI (monitor --containerd-address), else null.</summary>
    public string? PodName { get; init; }

    /// <summary>k8s.ns.name: the namespace of that pod, else null.</summary>
    public string? PodNamespace { get; init; }
}

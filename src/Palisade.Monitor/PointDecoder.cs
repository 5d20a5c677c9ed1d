using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;
using Palisade.Core.Monitoring;
using Palisade.Monitor.Points;

namespace Palisade.Monitor;

/// <summary>Decodes one seccheck payload into a <see cref="MonitorEvent"/>. Never throws on input.</summary>
internal static class PointDecoder
{
    public static DecodeOutcome Decode(ushort type, ReadOnlySpan<byte> payload, SandboxState state, out MonitorEvent? e)
    {
        e = null;
        if (type == 0 || type > MessageType.HighestKnown)
        {
            return DecodeOutcome.UnknownType;
        }

        try
        {
            e = type switch
            {
                MessageType.ContainerStart => Start(ContainerStart.Parser.ParseFrom(payload), state),
                MessageType.SentryClone => Clone(CloneInfo.Parser.ParseFrom(payload), state),
                MessageType.SentryExec => Exec(ExecveInfo.Parser.ParseFrom(payload), state),
                MessageType.SentryTaskExit => Exit(TaskExit.Parser.ParseFrom(payload), state),
                MessageType.SyscallRaw => Raw(Syscall.Parser.ParseFrom(payload), state),
                MessageType.SyscallOpen => Open(Points.Open.Parser.ParseFrom(payload), state),
                MessageType.SyscallConnect => Connect(Points.Connect.Parser.ParseFrom(payload), state),
                MessageType.SyscallExecve => SyscallExec(Execve.Parser.ParseFrom(payload), state),
                MessageType.SyscallSocket => Base("socket", SocketCall.Parser.ParseFrom(payload).ContextData, state),
                _ => null,
            };
        }
        catch (InvalidProtocolBufferException)
        {
            return DecodeOutcome.Malformed;
        }

        return e is null ? DecodeOutcome.KnownNotDecoded : DecodeOutcome.Event;
    }

    private static MonitorEvent Base(string type, ContextData? context, SandboxState state, string? name = null) =>
        Base(type, context, state, name, default);

    // One allocation per event: the per-point fields come in with the context's (no record copies through 'with').
    private static MonitorEvent Base(string type, ContextData? context, SandboxState state, string? name, in PointFields fields)
    {
        context ??= new ContextData();
        // The group id is not always filled at this release; a process's first thread has tid == tgid.
        var pid = context.ThreadGroupId != 0 ? context.ThreadGroupId : context.ThreadId;
        return new MonitorEvent(type, context.ContainerId, name ?? context.ProcessName)
        {
            TimeNs = context.TimeNs,
            Pid = pid,
            Tid = context.ThreadId,
            Cwd = context.Cwd.Length == 0 ? null : context.Cwd,
            Uid = context.Credentials?.EffectiveUid,
            ParentName = state.ParentName(pid),
            PodName = state.Pod?.Name,
            PodNamespace = state.Pod?.Namespace,
            ExePath = fields.ExePath,
            Argv = fields.Argv ?? [],
            FdName = fields.FdName,
            ServerIp = fields.ServerIp,
            ServerPort = fields.ServerPort,
            OpenFlags = fields.OpenFlags,
            Result = fields.Result,
        };
    }

    private static MonitorEvent Start(ContainerStart start, SandboxState state)
    {
        var name = start.Args.Count > 0 ? BaseName(start.Args[0]) : "";
        return new MonitorEvent("container_start", start.Id.Length > 0 ? start.Id : start.ContextData?.ContainerId ?? "", name)
        {
            TimeNs = start.ContextData?.TimeNs ?? 0,
            ExePath = start.Args.Count > 0 ? start.Args[0] : null,
            Argv = start.Args.Skip(1).ToArray(),
            Cwd = start.Cwd.Length == 0 ? null : start.Cwd,
            Terminal = start.Terminal,
            PodName = state.Pod?.Name,
            PodNamespace = state.Pod?.Namespace,
        };
    }

    private static MonitorEvent Clone(CloneInfo clone, SandboxState state)
    {
        var e = Base("clone", clone.ContextData, state);
        var child = clone.CreatedThreadGroupId != 0 ? (long)clone.CreatedThreadGroupId : (long)clone.CreatedThreadId;
        if (child != e.Pid && child != 0)
        {
            state.Cloned(e.Pid, child, e.ProcessName);
        }

        return e;
    }

    private static MonitorEvent Exec(ExecveInfo exec, SandboxState state)
    {
        var name = BaseName(exec.BinaryPath);
        var e = Base("execve", exec.ContextData, state, name, new PointFields { ExePath = exec.BinaryPath, Argv = Args(exec.Argv), Result = 0 });
        state.Named(e.Pid, name);
        return e;
    }

    private static MonitorEvent SyscallExec(Execve exec, SandboxState state)
    {
        var path = Resolve(exec.Pathname, exec.FdPath, exec.ContextData?.Cwd);
        return Base("execve", exec.ContextData, state, null, new PointFields { ExePath = path, Argv = Args(exec.Argv), Result = exec.Exit?.Result });
    }

    private static MonitorEvent Exit(TaskExit exit, SandboxState state)
    {
        var e = Base("procexit", exit.ContextData, state);
        state.Exited(e.Pid);
        return e;
    }

    private static MonitorEvent Open(Open open, SandboxState state) => Base(OpenName(open.Sysno), open.ContextData, state, null, new PointFields
    {
        FdName = Resolve(open.Pathname, open.FdPath, open.ContextData?.Cwd),
        OpenFlags = open.Flags,
        Result = open.Exit?.Result,
    });

    private static MonitorEvent Connect(Connect connect, SandboxState state) =>
        Base("connect", connect.ContextData, state, null, Address(connect.Address.Span) with { Result = connect.Exit?.Result });

    private static PointFields Address(ReadOnlySpan<byte> address)
    {
        if (address.Length < 2)
        {
            return default;
        }

        var family = BinaryPrimitives.ReadUInt16LittleEndian(address);
        if ((family == 2 && address.Length >= 8) || (family == 10 && address.Length >= 24))
        {
            var port = BinaryPrimitives.ReadUInt16BigEndian(address[2..]);
            var ip = family == 2 ? new IPAddress(address.Slice(4, 4)) : new IPAddress(address.Slice(8, 16));
            var text = ip.ToString();
            return new PointFields { ServerIp = text, ServerPort = port, FdName = family == 2 ? $"{text}:{port}" : $"[{text}]:{port}" };
        }

        if (family == 1)
        {
            var path = address[2..];
            var end = path.IndexOf((byte)0);
            return new PointFields { FdName = System.Text.Encoding.UTF8.GetString(end < 0 ? path : path[..end]) };
        }

        return default;
    }

    // Raw points carry only the number; the ones the session asks for are named (x86-64 numbers).
    private static MonitorEvent Raw(Syscall raw, SandboxState state) =>
        Base(raw.Sysno == 101 ? "ptrace" : $"syscall_{raw.Sysno}", raw.ContextData, state, null, new PointFields { Result = raw.Exit?.Result });

    // x86-64 numbers of the open family (the points are schematised per syscall; the message carries sysno).
    private static string OpenName(ulong sysno) => sysno switch
    {
        2 => "open",
        85 => "creat",
        257 => "openat",
        437 => "openat2",
        _ => "open",
    };

    private static string? Resolve(string path, string directory, string? cwd)
    {
        if (path.Length == 0)
        {
            return directory.Length == 0 ? null : directory;
        }

        if (path[0] == '/')
        {
            return path;
        }

        var baseDir = directory.Length > 0 ? directory : cwd;
        return string.IsNullOrEmpty(baseDir) ? path : baseDir.TrimEnd('/') + "/" + path;
    }

    // argv without argv[0], without LINQ.
    private static string[] Args(Google.Protobuf.Collections.RepeatedField<string> argv)
    {
        if (argv.Count <= 1)
        {
            return [];
        }

        var args = new string[argv.Count - 1];
        for (var i = 1; i < argv.Count; i++)
        {
            args[i - 1] = argv[i];
        }

        return args;
    }

    private static string BaseName(string path) => path[(path.LastIndexOf('/') + 1)..];
}

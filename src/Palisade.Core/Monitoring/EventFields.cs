using System.Globalization;

namespace Palisade.Core.Monitoring;

/// <summary>The Falco field names rules may use, and how each is read from a <see cref="MonitorEvent"/>.</summary>
public static class EventFields
{
    private const int OpenWriteMask = 0x3; // O_WRONLY | O_RDWR
    private const int OpenCreate = 0x40;
    private const int OpenTruncate = 0x200;

    private static readonly Dictionary<string, Func<MonitorEvent, string?>> Readers = new(StringComparer.Ordinal)
    {
        ["evt.type"] = e => e.Type,
        ["evt.time"] = e => e.TimeNs.ToString(CultureInfo.InvariantCulture),
        ["evt.res"] = e => e.Result?.ToString(CultureInfo.InvariantCulture),
        ["evt.is_open_write"] = e => e.OpenFlags is { } f ? Bool((f & OpenWriteMask) != 0 || (f & (OpenCreate | OpenTruncate)) != 0) : null,
        ["evt.is_open_read"] = e => e.OpenFlags is { } f ? Bool((f & OpenWriteMask) != 1) : null,
        ["proc.name"] = e => e.ProcessName,
        ["proc.exepath"] = e => e.ExePath,
        ["proc.exe"] = e => e.ExePath,
        ["proc.args"] = e => string.Join(' ', e.Argv),
        ["proc.cmdline"] = e => e.Argv.Count == 0 ? e.ProcessName : e.ProcessName + " " + string.Join(' ', e.Argv),
        ["proc.pname"] = e => e.ParentName,
        ["proc.pid"] = e => e.Pid.ToString(CultureInfo.InvariantCulture),
        ["proc.cwd"] = e => e.Cwd,
        ["proc.tty"] = e => e.Terminal ? "1" : "0",
        ["thread.tid"] = e => e.Tid.ToString(CultureInfo.InvariantCulture),
        ["fd.name"] = e => e.FdName,
        ["fd.directory"] = e => e.ServerIp is null && e.FdName is { } n ? Directory(n) : null,
        ["fd.filename"] = e => e.ServerIp is null && e.FdName is { } n ? n[(n.LastIndexOf('/') + 1)..] : null,
        ["fd.sip"] = e => e.ServerIp,
        ["fd.snet"] = e => e.ServerIp,
        ["fd.sport"] = e => e.ServerPort?.ToString(CultureInfo.InvariantCulture),
        ["container.id"] = e => e.ContainerId,
        ["k8s.pod.name"] = e => e.PodName,
        ["k8s.ns.name"] = e => e.PodNamespace,
        ["user.uid"] = e => e.Uid?.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The numeric fields, read without formatting a string (used by &lt; &lt;= &gt; &gt;=).</summary>
    private static readonly Dictionary<string, Func<MonitorEvent, long?>> Numbers = new(StringComparer.Ordinal)
    {
        ["evt.time"] = e => e.TimeNs,
        ["evt.res"] = e => e.Result,
        ["proc.pid"] = e => e.Pid,
        ["thread.tid"] = e => e.Tid,
        ["fd.sport"] = e => e.ServerPort,
        ["user.uid"] = e => e.Uid,
    };

    /// <summary>Every field name a condition or output may use.</summary>
    public static IEnumerable<string> Names => Readers.Keys;

    /// <summary>The reader for a field, or null when the name is not a field.</summary>
    public static Func<MonitorEvent, string?>? Reader(string name) => Readers.GetValueOrDefault(name);

    /// <summary>The numeric reader for a field, or null when the field is not numeric.</summary>
    public static Func<MonitorEvent, long?>? NumberReader(string name) => Numbers.GetValueOrDefault(name);

    private static string Bool(bool value) => value ? "true" : "false";

    private static string Directory(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash switch
        {
            < 0 => "",
            0 => "/",
            _ => path[..slash],
        };
    }
}

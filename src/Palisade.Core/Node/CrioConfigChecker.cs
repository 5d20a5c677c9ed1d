using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Palisade.Core.Node;

/// <summary>Checks a CRI-O config or drop-in: handler names and the runtime binaries they point at.</summary>
public static class CrioConfigChecker
{
    /// <summary>Checks <paramref name="text"/>, the content of <paramref name="file"/>.</summary>
    public static ConfigCheckResult Check(string text, string file, NodeHostView host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var document = TomlDocument.Parse(text, file, out var problem);
        var model = document is null ? null : TomlDocument.Model(text, file, out problem);
        if (document is null || model is null)
        {
            return new ConfigCheckResult(problem, [], []);
        }

        var runtimes = model.TryGetValue("crio", out var c) && c is TomlTable crio && crio.TryGetValue("runtime", out var r) && r is TomlTable runtime
            && runtime.TryGetValue("runtimes", out var list) && list is TomlTable table ? table : new TomlTable();
        var findings = new List<NodeFinding>();
        foreach (var (handler, value) in runtimes)
        {
            var where = $"{file} [crio.runtime.runtimes.{handler}]";
            if (!DnsLabel.IsValid(handler))
            {
                findings.Add(new NodeFinding(FindingSeverity.Error, "handler-not-dns-label", $"runtime handler \"{handler}\" is not a DNS label", "no RuntimeClass can select it", "rename it to a lowercase RFC 1123 label", where));
            }

            if (value is TomlTable settings && settings.TryGetValue("runtime_path", out var p) && p is string path && !host.PathExists(path))
            {
                findings.Add(new NodeFinding(FindingSeverity.Error, "binary-missing", $"runtime handler \"{handler}\" has runtime_path = \"{path}\", which does not exist", "CRI-O fails every pod with this handler (and refuses to start when it is the default runtime)", "install it or fix runtime_path", where));
            }
        }

        return new ConfigCheckResult(null, findings, [.. runtimes.Keys.Order(StringComparer.Ordinal)]);
    }
}

using System.Text.RegularExpressions;
using Palisade.Core.Monitoring;

namespace Palisade.Core.Node;

/// <summary>
/// Whether a runsc handler starts its sandboxes with a trace session (runsc's <c>--pod-init-config</c>), so that
/// <c>palisade monitor</c> receives their events. The flag lives in the runsc shim's options file (<c>[runsc_config]</c>
/// <c>pod-init-config</c>) or in the wrapper script a runc-shim handler runs. runsc refuses to create a sandbox whose
/// session file is missing or is not valid JSON ("loading init config file: …"), so those are errors.
/// </summary>
internal static partial class RunscMonitoringCheck
{
    public static NodeFinding? Check(string handler, string? runtimeType, string? binary, string? configPath, NodeHostView host)
    {
        var flagsFile = runtimeType switch
        {
            "io.containerd.runsc.v1" => configPath,
            _ when runtimeType?.StartsWith("io.containerd.runc.", StringComparison.Ordinal) == true && binary is not null
                && Path.GetFileName(binary).Contains("runsc", StringComparison.Ordinal) => binary,
            _ => null,
        };
        if (flagsFile is null || host.ReadSmallText(flagsFile) is not { } flags)
        {
            return null;
        }

        if (SessionFlag().Match(flags) is not { Success: true } match)
        {
            return new NodeFinding(FindingSeverity.Info, "monitor-none", $"runtime handler \"{handler}\" starts sandboxes without a trace session ({flagsFile} sets no pod-init-config): palisade monitor gets nothing from them; node config runsc --pod-init-config adds one",
                "palisade monitor receives no events from these sandboxes", "palisade monitor config writes the session; palisade node config runsc --pod-init-config FILE adds it to runsc's flags");
        }

        var session = match.Groups["path"].Value;
        if (host.ReadSmallText(session) is not { } json)
        {
            return new NodeFinding(FindingSeverity.Error, "monitor-session-missing", $"runtime handler \"{handler}\" runs runsc with pod-init-config {session}, which does not exist or cannot be read",
                "runsc refuses to create every sandbox of this handler (\"loading init config file\")", "write it with palisade monitor config --output " + session + ", or remove the flag");
        }

        var inspection = TraceSession.Inspect(json);
        if (inspection.Problem is { } problem)
        {
            return new NodeFinding(FindingSeverity.Error, "monitor-session-invalid", $"runtime handler \"{handler}\": trace session {session}: {problem}",
                "runsc refuses to create every sandbox of this handler (\"loading init config file\")", "regenerate it with palisade monitor config --output " + session + " --force");
        }

        return inspection.Streams
            ? new NodeFinding(FindingSeverity.Info, "monitor-session", $"runtime handler \"{handler}\" streams a trace session ({inspection.Points.Count} points) to {string.Join(", ", inspection.RemoteEndpoints)} ({session})",
                "palisade monitor must listen on that socket on this node (deploy/monitor)", "")
            : new NodeFinding(FindingSeverity.Warning, "monitor-session-no-sink", $"runtime handler \"{handler}\": trace session {session} has no remote sink or no points",
                "the session is installed but nothing reaches palisade monitor", "regenerate it with palisade monitor config --output " + session + " --force");
    }

    // --pod-init-config=PATH (or a space) in a wrapper; pod-init-config = "PATH" in runsc.toml.
    [GeneratedRegex(@"(?:--pod-init-config[= ]['""]?|pod-init-config\s*=\s*"")(?<path>[^\s'""]+)", RegexOptions.CultureInvariant)]
    private static partial Regex SessionFlag();
}

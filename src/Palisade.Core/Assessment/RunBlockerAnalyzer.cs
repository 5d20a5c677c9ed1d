using System.Globalization;
using System.Text.RegularExpressions;

namespace Palisade.Core.Assessment;

/// <summary>
/// Finds failures that must not be blamed on gVisor: runc refusing the container (its own error, such as an image
/// Env entry <c>=novar</c> or a missing program) and a workload that times out under every runtime.
/// </summary>
public static partial class RunBlockerAnalyzer
{
    /// <param name="runc">The runc run, null when runc was not asked for.</param>
    /// <param name="runsc">The runsc run, null when runsc was not asked for.</param>
    /// <param name="timeout">The limit of one run, for the message.</param>
    public static RunBlocker? Find(RunEvidence? runc, RunEvidence? runsc, TimeSpan timeout)
    {
        if (runc is not null && runc.ExitCode is not null and not 0 && RuncError(runc.Stderr) is { } error)
        {
            var blame = HostProblem().IsMatch(error) ? BlockerBlame.Environment : BlockerBlame.Input;
            return new RunBlocker(RunBlockerKind.RuncRefused, blame, $"runc could not start the container, so nothing was compared with gVisor: {error}");
        }

        var runs = new[] { runc, runsc }.Where(r => r is not null).ToList();
        if (runs.Count > 0 && runs.All(r => r!.TimedOut))
        {
            var where = runs.Count == 2 ? "under runc nor under runsc" : "under the only runtime asked for";
            return new RunBlocker(
                RunBlockerKind.TimedOutEverywhere,
                BlockerBlame.Input,
                string.Create(CultureInfo.InvariantCulture, $"the workload did not finish within {timeout.TotalSeconds:0.###} s {where}, so there is no outcome to compare: give a larger --timeout, or a command that ends"));
        }

        return null;
    }

    /// <summary>runc 1.1 logs <c>level=error msg="runc run failed: ..."</c> (or <c>runc create failed</c>) on standard error.</summary>
    public static string? RuncError(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        foreach (var line in stderr.Split('\n'))
        {
            var match = RuncFailure().Match(line);
            if (match.Success)
            {
                return match.Groups["msg"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
            }
        }

        return null;
    }

    [GeneratedRegex("""level=error msg="(?<msg>runc (?:run|create|start) failed: (?:[^"\\]|\\.)*)""", RegexOptions.None, 1000)]
    private static partial Regex RuncFailure();

    [GeneratedRegex("permission denied|operation not permitted|cgroup|no space left|cannot allocate memory", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex HostProblem();
}

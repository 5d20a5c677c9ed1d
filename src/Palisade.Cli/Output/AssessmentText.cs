using System.Globalization;
using Palisade.Core.Assessment;
using Palisade.Sandbox.Assessing;
using Palisade.Sandbox.Profiling;

namespace Palisade.Cli.Output;

/// <summary>The text output of <c>profile</c> and <c>assess</c>.</summary>
internal static class AssessmentText
{
    public static string Describe(Assessment assessment)
    {
        var profile = assessment.Profile;
        var recommendation = assessment.Recommendation;
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        text.WriteLine($"Target: {profile.Target} ({string.Join(' ', profile.Args)})");
        foreach (var run in profile.Runs)
        {
            var r = run.Run;
            var exit = r.TimedOut ? "timed out" : $"exit {r.ExitCode}";
            var distinct = run.Trace?.Syscalls.Count ?? 0;
            var calls = run.Trace?.TotalCalls ?? 0;
            var platform = r.Platform is null ? "" : $" ({r.Platform})";
            text.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {WorkloadProfiler.Name(r.Runtime) + platform,-16} {exit,-10} {r.WallTime.TotalMilliseconds,8:F0} ms  {calls,7:N0} syscalls, {distinct} distinct"));
        }

        if (profile.Compatibility is { } c)
        {
            text.WriteLine();
            text.WriteLine($"gVisor {profile.RunscVersion}: {(c.Compatible ? "compatible" : "NOT compatible")}: {c.Reason}");
            foreach (var f in c.Unsupported.Concat(c.Partial))
            {
                text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {f.Impact,-8}  {f.Name,-16} {f.Support,-13} seen {f.Seen}  {f.Note}"));
            }

            if (profile.SameOutput == false)
            {
                text.WriteLine("Standard output differs between runc and runsc (see the runs' stdout in --format json).");
            }

            var divergent = profile.FailsOnlyUnderRunsc;
            if (divergent.Count > 0)
            {
                text.WriteLine("Failing only under runsc: " + string.Join(", ", divergent.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Name} {d.Errno} x{d.Count}"))));
            }
        }

        if (assessment.Blocker is { } blocker)
        {
            text.WriteLine();
            text.WriteLine($"Not assessed: {blocker.Message}");
        }

        if (recommendation is not null)
        {
            text.WriteLine();
            text.WriteLine($"Recommendation: {recommendation.Runtime.Name()}");
            foreach (var reason in recommendation.Reasons)
            {
                text.WriteLine($"  - {reason}");
            }
        }

        return text.ToString();
    }
}

using System.Globalization;

namespace Palisade.Cli.Tests.Fuzz;

/// <summary>
/// Peak memory of one case, measured in this process: writing 5 to /proc/self/clear_refs resets VmHWM (the peak
/// resident set) to the current RSS, so VmHWM after the case minus RSS before it is what the case added at its worst.
/// </summary>
internal static class FuzzProbe
{
    public static long ResetPeakKb()
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
        return Read("VmRSS:");
    }

    public static long PeakKb() => Read("VmHWM:");

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"{field} not in /proc/self/status");
    }
}

using System.Diagnostics;

namespace Palisade.Sandbox.Runtimes;

internal static class ProcessExtensions
{
    /// <summary><see cref="Process.HasExited"/> that is true, not an exception, for a process that never started (nothing to stop).</summary>
    public static bool HasExitedSafe(this Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}

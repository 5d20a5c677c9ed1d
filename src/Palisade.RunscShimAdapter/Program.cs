namespace Palisade.RunscShimAdapter;

/// <summary>
/// runsc behind containerd's runc shim (runtime_type io.containerd.runc.v2, BinaryName = this program through its
/// flags script). The shim speaks runc's command line; runsc 20221219 differs from runc where the shim depends on it:
/// an app container's stdio is <c>start</c>'s, not <c>create</c>'s; the pid file holds the sandbox's pid for every
/// container; a gone sandbox is "not running", not runc's "container not running". So <c>create</c> leaves a holder
/// process with create's stdio whose pid goes in the pid file: it runs <c>runsc start</c> when asked, then
/// <c>runsc wait</c>, and exits with the container's exit code. Every other command goes to runsc unchanged.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var invocation = Invocation.Parse(args);
            return invocation.HolderFor is { } id ? Holder.Run(invocation, id) : Commands.Run(invocation);
        }
        catch (AdapterException e)
        {
            Console.Error.WriteLine("runsc-shim-adapter: " + e.Message);
            return 2;
        }
    }
}

namespace Palisade.Core.Syscalls;

public enum LogKind
{
    Unknown,

    /// <summary>A runsc <c>--debug</c> log (glog lines, with or without <c>--strace</c>).</summary>
    RunscDebug,

    /// <summary>Output of <c>strace</c> / <c>strace -f</c>.</summary>
    Strace,
}

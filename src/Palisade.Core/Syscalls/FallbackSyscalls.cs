namespace Palisade.Core.Syscalls;

/// <summary>
/// Syscalls that libc or language runtimes probe and, on ENOSYS, replace with an older call, so a gVisor
/// "unimplemented" for them is harmless. Kept small and explicit; add only with a known fallback.
/// </summary>
internal static class FallbackSyscalls
{
    private static readonly Dictionary<string, string> Fallbacks = new(StringComparer.Ordinal)
    {
        ["clone3"] = "clone",                     // glibc 2.34+ posix_spawn / pthread_create
        ["rseq"] = "no restartable sequences",    // glibc 2.35+ registers rseq at start, ignores ENOSYS
        ["copy_file_range"] = "read/write",       // coreutils cp, Go, Python shutil
        ["statx"] = "fstatat/newfstatat",         // glibc stat family, Rust std
        ["faccessat2"] = "faccessat",             // glibc access family
        ["pidfd_open"] = "waitpid/kill",          // Python subprocess, systemd tools
        ["close_range"] = "close on each fd",     // glibc closefrom, Python subprocess
        ["openat2"] = "openat",                   // runtimes that try RESOLVE_* first
        ["membarrier"] = "mprotect-based barriers", // .NET, liburcu
        ["io_uring_setup"] = "epoll/thread pools", // liburing users, Node libuv
    };

    public static bool TryGet(string name, out string fallback) =>
        Fallbacks.TryGetValue(name, out fallback!);

    public static bool Has(string name) => Fallbacks.ContainsKey(name);
}

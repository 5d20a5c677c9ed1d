using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Palisade.RunscShimAdapter;

/// <summary>Runs runsc: in place of this process, as a child on this process's stdio, or as a child with its output captured.</summary>
internal static partial class Runsc
{
    /// <summary>Replaces this process with runsc (same pid, same stdio, runsc's exit code). Returns only when execv fails.</summary>
    public static int Exec(string runsc, IReadOnlyList<string> arguments)
    {
        var argv = new IntPtr[arguments.Count + 2];
        argv[0] = Marshal.StringToCoTaskMemUTF8(runsc);
        for (var i = 0; i < arguments.Count; i++)
        {
            argv[i + 1] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
        }

        Console.Out.Flush();
        Console.Error.Flush();
        Execv(argv[0], argv);
        throw new AdapterException($"cannot run {runsc}: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Runs runsc on this process's stdin, stdout and stderr; its exit code.</summary>
    public static int Run(string runsc, IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(Info(runsc, arguments, capture: false)) ?? throw new AdapterException($"cannot run {runsc}");
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Runs runsc with stdout and stderr captured (stdin closed).</summary>
    public static (int ExitCode, string Stdout, string Stderr) Capture(string runsc, IReadOnlyList<string> arguments)
    {
        using var process = Process.Start(Info(runsc, arguments, capture: true)) ?? throw new AdapterException($"cannot run {runsc}");
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.GetAwaiter().GetResult());
    }

    /// <summary>Starts this program again (the holder) on this process's stdio.</summary>
    public static Process StartSelf(IReadOnlyList<string> arguments)
    {
        var self = Environment.ProcessPath ?? throw new AdapterException("cannot tell where this program lives");
        return Process.Start(Info(self, arguments, capture: false)) ?? throw new AdapterException($"cannot run {self}");
    }

    private static ProcessStartInfo Info(string program, IReadOnlyList<string> arguments, bool capture)
    {
        var info = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardInput = capture,
            RedirectStandardOutput = capture,
            RedirectStandardError = capture,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true)]
    private static partial int Execv(IntPtr path, IntPtr[] argv);
}

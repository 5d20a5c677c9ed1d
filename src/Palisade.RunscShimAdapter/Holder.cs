using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Palisade.RunscShimAdapter;

/// <summary>
/// The process whose pid the runc shim watches for one container. It keeps the stdio <c>create</c> was given (the
/// container's log pipes), runs <c>runsc start</c> on them when asked, then waits for the container with
/// <c>runsc wait</c> and exits with its exit code, which the shim (its reaper) reports as the container's.
/// </summary>
internal static partial class Holder
{
    /// <summary>Exit code for a container whose sandbox went away before its exit status could be read (as if SIGKILLed).</summary>
    public const int Killed = 128 + 9;

    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    public static int Run(Invocation invocation, string id)
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(HolderChannel.EndPoint(invocation.Root, id));
        listener.Listen(8);
        while (true)
        {
            if (!listener.Poll(Recheck, SelectMode.SelectRead))
            {
                // Nobody asked for a while: a container deleted behind the shim's back leaves no holder behind.
                if (Runsc.Capture(invocation.Runsc, invocation.RunscArguments("state", [id])).ExitCode != 0)
                {
                    return Killed;
                }

                continue;
            }

            using var client = listener.Accept();
            using var stream = new NetworkStream(client);
            using var reader = new StreamReader(stream);
            using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
            var request = reader.ReadLine() ?? "";
            if (request == "start")
            {
                var code = Runsc.Run(invocation.Runsc, invocation.RunscArguments("start", [id]));
                writer.WriteLine(code.ToString(CultureInfo.InvariantCulture));
                if (code == 0)
                {
                    client.Close();
                    listener.Close();
                    return WaitForExit(invocation, id);
                }
            }
            else if (request.StartsWith("exit ", StringComparison.Ordinal) && int.TryParse(request[5..], CultureInfo.InvariantCulture, out var exit))
            {
                writer.WriteLine("ok");
                return exit;
            }
            else
            {
                writer.WriteLine("ok");
            }
        }
    }

    private static int WaitForExit(Invocation invocation, string id)
    {
        var (code, stdout, _) = Runsc.Capture(invocation.Runsc, invocation.RunscArguments("wait", [id]));
        return code == 0 && ExitStatus().Match(stdout) is { Success: true } match && int.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var status)
            ? status
            : Killed;
    }

    [GeneratedRegex("\"exitStatus\"\\s*:\\s*(-?\\d+)")]
    private static partial Regex ExitStatus();
}

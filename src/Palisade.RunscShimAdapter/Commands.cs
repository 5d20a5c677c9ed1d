using System.Diagnostics;
using System.Globalization;

namespace Palisade.RunscShimAdapter;

/// <summary>The runc subcommands the adapter changes; everything else is runsc's own.</summary>
internal static class Commands
{
    private static readonly TimeSpan HolderStartLimit = TimeSpan.FromSeconds(10);

    public static int Run(Invocation invocation) => invocation.Subcommand switch
    {
        "create" => Create(invocation),
        "start" => Start(invocation),
        "kill" => Kill(invocation),
        "delete" => Delete(invocation),
        "update" => Fail("runsc has no update command: container resources cannot be changed after start under gVisor"),
        _ => Runsc.Exec(invocation.Runsc, invocation.RunscArguments(invocation.Subcommand, invocation.Arguments)),
    };

    /// <summary><c>create [--bundle B] [--pid-file P] [--console-socket S] ID</c>: runsc creates, a holder takes the pid file.</summary>
    private static int Create(Invocation invocation)
    {
        var args = invocation.Arguments.ToList();
        var id = Invocation.Positionals(args, "bundle", "b", "pid-file", "console-socket", "preserve-fds").FirstOrDefault()
            ?? throw new AdapterException("create: no container id");
        var pidFile = Invocation.ValueOf(args, "pid-file");
        var runscPidFile = pidFile is null ? null : pidFile + ".runsc";
        if (runscPidFile is not null)
        {
            var at = args.FindIndex(a => a.TrimStart('-') == "pid-file");
            if (at >= 0)
            {
                args[at + 1] = runscPidFile;
            }
            else
            {
                var inline = args.FindIndex(a => a.TrimStart('-').StartsWith("pid-file=", StringComparison.Ordinal));
                args[inline] = "--pid-file=" + runscPidFile;
            }
        }

        args.RemoveAll(a => a is "--no-pivot" or "--no-new-keyring");
        var code = Runsc.Run(invocation.Runsc, invocation.RunscArguments("create", args));
        if (code != 0)
        {
            return code;
        }

        using var holder = Runsc.StartSelf(["--runsc", invocation.Runsc, .. invocation.RunscFlags.SelectMany(f => new[] { "--flag", f }), "--holder", id, "--", .. invocation.Globals]);
        var clock = Stopwatch.StartNew();
        while (HolderChannel.Ask(invocation.Root, id, "ping") is null)
        {
            if (holder.HasExited || clock.Elapsed > HolderStartLimit)
            {
                return Fail($"create: the holder process for container {id} did not start");
            }

            Thread.Sleep(2);
        }

        if (pidFile is not null)
        {
            File.WriteAllText(pidFile + ".tmp", holder.Id.ToString(CultureInfo.InvariantCulture));
            File.Move(pidFile + ".tmp", pidFile, overwrite: true);
            File.Delete(runscPidFile!);
        }

        return 0;
    }

    /// <summary><c>start ID</c>: the holder runs <c>runsc start</c> on create's stdio; this process's output pipe closes at once.</summary>
    private static int Start(Invocation invocation)
    {
        var id = Invocation.Positionals(invocation.Arguments).FirstOrDefault() ?? throw new AdapterException("start: no container id");
        var answer = HolderChannel.Ask(invocation.Root, id, "start");
        if (answer is null)
        {
            return Fail($"start: container {id} has no holder (it was not created by this adapter, or it has exited)");
        }

        var code = int.TryParse(answer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1;
        return code == 0 ? 0 : Fail($"start: runsc start {id} exited {code} (its errors are in the --log file the shim gave)");
    }

    /// <summary><c>kill [--all] ID SIGNAL</c>, with a gone sandbox worded the way runc words it ("container not running").</summary>
    private static int Kill(Invocation invocation)
    {
        var positionals = Invocation.Positionals(invocation.Arguments);
        var id = positionals.FirstOrDefault() ?? throw new AdapterException("kill: no container id");
        var (code, stdout, stderr) = Runsc.Capture(invocation.Runsc, invocation.RunscArguments("kill", invocation.Arguments));
        var signal = positionals.Count > 1 && int.TryParse(positionals[1], CultureInfo.InvariantCulture, out var number) ? number : 15;

        // A container killed before it was started never runs: its holder ends with the signal's exit code.
        HolderChannel.Ask(invocation.Root, id, "exit " + (128 + signal).ToString(CultureInfo.InvariantCulture));
        if (code == 0)
        {
            Console.Out.Write(stdout);
            return 0;
        }

        var text = (stderr + stdout).Trim();
        return Gone(text) ? Fail($"container not running ({text})") : Fail(text);
    }

    /// <summary><c>delete [--force] ID</c>; a container runsc no longer knows is worded as runc does ("does not exist").</summary>
    private static int Delete(Invocation invocation)
    {
        var id = Invocation.Positionals(invocation.Arguments).FirstOrDefault() ?? throw new AdapterException("delete: no container id");
        var (code, stdout, stderr) = Runsc.Capture(invocation.Runsc, invocation.RunscArguments("delete", invocation.Arguments));
        HolderChannel.Ask(invocation.Root, id, "exit " + Holder.Killed.ToString(CultureInfo.InvariantCulture));
        if (code == 0)
        {
            return 0;
        }

        var text = (stderr + stdout).Trim();
        return Gone(text) ? Fail($"container {id} does not exist ({text})") : Fail(text);
    }

    private static bool Gone(string text) =>
        text.Contains("not running", StringComparison.OrdinalIgnoreCase)
        || text.Contains("no such process", StringComparison.OrdinalIgnoreCase)
        || text.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || text.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
        || text.Contains("no such file", StringComparison.OrdinalIgnoreCase);

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}

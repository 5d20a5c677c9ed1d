namespace Palisade.RunscShimAdapter;

/// <summary>
/// The adapter's command line: <c>--runsc PATH [--flag RUNSC_FLAG]... [--holder ID] -- RUNC_ARGS</c>. RUNC_ARGS are what
/// the runc shim passes: global flags (<c>--root R --log L --log-format json [--systemd-cgroup]</c>), a subcommand, its arguments.
/// </summary>
internal sealed record Invocation(string Runsc, IReadOnlyList<string> RunscFlags, string? HolderFor, IReadOnlyList<string> Globals, string Subcommand, IReadOnlyList<string> Arguments)
{
    private static readonly HashSet<string> GlobalsWithValue = ["--root", "--log", "--log-format", "--criu", "--rootless", "-root", "-log", "-log-format"];

    /// <summary>runsc's <c>--root</c> (its state folder), as the shim gave it.</summary>
    public string Root => ValueOf(Globals, "root") ?? "/var/run/runsc";

    /// <summary>The arguments for runsc: its flags, the shim's globals, then <paramref name="subcommand"/> and <paramref name="arguments"/>.</summary>
    public IReadOnlyList<string> RunscArguments(string subcommand, IEnumerable<string> arguments) => [.. RunscFlags, .. Globals, subcommand, .. arguments];

    public static Invocation Parse(IReadOnlyList<string> args)
    {
        string? runsc = null;
        string? holder = null;
        var flags = new List<string>();
        var i = 0;
        for (; i < args.Count && args[i] != "--"; i++)
        {
            switch (args[i])
            {
                case "--runsc" when i + 1 < args.Count:
                    runsc = args[++i];
                    break;
                case "--flag" when i + 1 < args.Count:
                    flags.Add(args[++i]);
                    break;
                case "--holder" when i + 1 < args.Count:
                    holder = args[++i];
                    break;
                default:
                    throw new AdapterException($"unknown option \"{args[i]}\"; usage: runsc-shim-adapter --runsc PATH [--flag RUNSC_FLAG]... -- RUNC_ARGS");
            }
        }

        if (runsc is null || i >= args.Count)
        {
            throw new AdapterException("usage: runsc-shim-adapter --runsc PATH [--flag RUNSC_FLAG]... -- RUNC_ARGS (the flags script palisade node config runsc --install writes passes these)");
        }

        var rest = args.Skip(i + 1).ToList();
        var globals = new List<string>();
        var j = 0;
        for (; j < rest.Count && rest[j].StartsWith('-'); j++)
        {
            globals.Add(rest[j]);
            if (GlobalsWithValue.Contains(rest[j]) && j + 1 < rest.Count)
            {
                globals.Add(rest[++j]);
            }
        }

        return new Invocation(runsc, flags, holder, globals, j < rest.Count ? rest[j] : "", rest.Skip(j + 1).ToList());
    }

    /// <summary>The value of <c>--NAME V</c>, <c>--NAME=V</c>, <c>-NAME V</c> or <c>-NAME=V</c>.</summary>
    public static string? ValueOf(IReadOnlyList<string> args, string name)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var bare = args[i].TrimStart('-');
            if (bare == name && i + 1 < args.Count)
            {
                return args[i + 1];
            }

            if (bare.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return bare[(name.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>The positional arguments of a subcommand, skipping flags and the values of <paramref name="withValue"/>.</summary>
    public static List<string> Positionals(IReadOnlyList<string> args, params string[] withValue)
    {
        var positionals = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith('-'))
            {
                positionals.Add(args[i]);
            }
            else if (!args[i].Contains('=', StringComparison.Ordinal) && withValue.Contains(args[i].TrimStart('-')))
            {
                i++;
            }
        }

        return positionals;
    }
}

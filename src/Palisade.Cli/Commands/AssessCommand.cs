using System.CommandLine;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade assess</c>: the main job. Running workloads under runc and gVisor arrives with the profile/assess
/// capability; until then the command says so plainly instead of pretending.
/// </summary>
internal static class AssessCommand
{
    public static Command Create(CliConsole console)
    {
        var target = new Argument<string?>("TARGET")
        {
            Description = "OCI image layout, OCI or docker-save archive, OCI bundle, or -- COMMAND ARGS.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("assess", """
            Profile a workload under runc and gVisor (runsc), check its syscalls against the installed runsc, measure the
            overhead and recommend a runtime. With no TARGET it assesses a built-in sample workload.
            Not available in this build yet: it arrives with the profile/assess capability.
            """)
        { target };
        command.SetAction(async parse =>
        {
            await console.Error.WriteLineAsync(
                "palisade assess: running workloads under runc and gVisor is not available in this build yet (it arrives with the profile/assess capability).")
                .ConfigureAwait(false);
            await console.Error.WriteLineAsync("Available now: palisade check PATH... (Pod Security Standards on manifests); see 'palisade --help'.")
                .ConfigureAwait(false);
            return ExitCodes.Environment;
        });
        return command;
    }
}

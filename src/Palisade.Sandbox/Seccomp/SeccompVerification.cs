using Palisade.Sandbox.Runtimes;

namespace Palisade.Sandbox.Seccomp;

/// <summary>One runtime's proof: the workload run unconfined and under the profile, and whether both behaved alike.</summary>
public sealed record SeccompVerification(RuntimeKind Runtime, RunResult Unconfined, RunResult Confined)
{
    /// <summary>Same exit code and same standard output with the profile as without.</summary>
    public bool SameBehaviour =>
        !Unconfined.TimedOut && !Confined.TimedOut
        && Unconfined.ExitCode == Confined.ExitCode
        && string.Equals(Unconfined.Stdout, Confined.Stdout, StringComparison.Ordinal);
}

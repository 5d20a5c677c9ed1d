using Palisade.Core.Seccomp;
using Palisade.Sandbox.Seccomp;

namespace Palisade.Sandbox.Assessing;

/// <summary>The profile generated from the recording, how many syscalls it allows, and its proof under each runtime.</summary>
public sealed record SeccompOutcome(SeccompProfile Profile, int Allowed, IReadOnlyList<SeccompVerification> Proof)
{
    /// <summary>Docker's documentation says its default profile blocks "around 44 of 300+" syscalls.</summary>
    public const string DockerDefault = "Docker's default profile blocks only around 44 of 300+ syscalls (Docker documentation)";
}

namespace Palisade.Core.Seccomp;

/// <summary>What a generated profile does with a syscall the workload was not seen to use.</summary>
public enum SeccompDefaultAction
{
    /// <summary>Fail the call with <see cref="GenerateOptions.ErrnoRet"/> (<c>SCMP_ACT_ERRNO</c>).</summary>
    Errno,

    /// <summary>Kill the whole process (<c>SCMP_ACT_KILL_PROCESS</c>).</summary>
    Kill,

    /// <summary>Allow and log (<c>SCMP_ACT_LOG</c>): for trying a profile out before enforcing it.</summary>
    Log,
}

namespace Palisade.Sandbox.Assessing;

/// <summary>The steps of an assessment, in the order they run.</summary>
public enum AssessmentStep
{
    /// <summary>Installing runc, runsc or strace that are missing.</summary>
    InstallRuntimes,

    /// <summary>Building the OCI bundle from the image, archive, bundle or host command.</summary>
    PrepareTarget,

    /// <summary>One run under one runtime with syscall capture (<see cref="AssessmentProgress.Runtime"/> says which).</summary>
    Run,

    /// <summary>Comparing the runs against gVisor's syscall table and recommending a runtime.</summary>
    Compare,

    /// <summary>Timing without capture and predicting the ratio from the cost table.</summary>
    Overhead,

    /// <summary>Generating the seccomp profile and proving it under each runtime.</summary>
    Seccomp,
}

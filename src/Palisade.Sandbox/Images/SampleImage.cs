namespace Palisade.Sandbox.Images;

/// <summary>The built-in sample workloads.</summary>
public enum SampleImage
{
    /// <summary>"Untrusted data-processing": aggregates a baked-in CSV per region; runs under runc and gVisor.</summary>
    DataProcessing,

    /// <summary>Needs userfaultfd(2): succeeds under runc, exits 1 under gVisor (ENOSYS).</summary>
    Incompatible,
}

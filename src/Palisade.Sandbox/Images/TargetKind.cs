namespace Palisade.Sandbox.Images;

/// <summary>What a TARGET on the command line points at.</summary>
public enum TargetKind
{
    /// <summary>An OCI image layout directory (oci-layout, index.json, blobs/).</summary>
    OciLayout,

    /// <summary>A tar archive of an OCI image layout.</summary>
    OciArchive,

    /// <summary>A <c>docker save</c> archive (manifest.json with Config and Layers).</summary>
    DockerArchive,

    /// <summary>An existing OCI runtime bundle (config.json and rootfs/), used as is.</summary>
    Bundle,

    /// <summary>A program on this host, packed with the shared libraries it needs.</summary>
    HostCommand,
}

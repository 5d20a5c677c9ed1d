namespace Palisade.Sandbox.Images;

/// <summary>Limits and choices for <see cref="BundleBuilder.PrepareAsync"/>.</summary>
public sealed record BundleOptions
{
    /// <summary>4 GiB: larger than any sane workload image, small enough to stop a decompression bomb.</summary>
    public const long DefaultMaxExtractedBytes = 4L * 1024 * 1024 * 1024;

    public const int DefaultMaxEntries = 1_000_000;

    public static BundleOptions Default { get; } = new();

    /// <summary>Upper bound on bytes written into the rootfs (and into the unpacked archive), all layers together.</summary>
    public long MaxExtractedBytes { get; init; } = DefaultMaxExtractedBytes;

    /// <summary>Upper bound on tar entries read, all layers together.</summary>
    public int MaxEntries { get; init; } = DefaultMaxEntries;

    /// <summary>Mount the container root read-only (a tmpfs is mounted on /tmp so programs can still write scratch files).</summary>
    public bool ReadOnlyRootfs { get; init; } = true;

    /// <summary>Where temporary bundles are created; the system temporary folder when null.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Time allowed for helper processes such as <c>ldd</c>.</summary>
    public TimeSpan ProcessTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

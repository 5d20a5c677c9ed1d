namespace Palisade.Sandbox.Images;

/// <summary>Counts bytes and entries across every layer so a hostile image cannot fill the disk.</summary>
internal sealed class ExtractionBudget(long maxBytes, int maxEntries)
{
    private long bytes;
    private int entries;

    public long Bytes => bytes;

    public void AddEntry(string source, string entry)
    {
        if (++entries > maxEntries)
        {
            throw new BundleException($"{source}: entry '{entry}': more than {maxEntries} entries in total (raise the entry limit if the image is genuine)");
        }
    }

    public void AddBytes(long count, string source, string entry)
    {
        bytes += count;
        if (bytes > maxBytes)
        {
            throw new BundleException($"{source}: entry '{entry}': extracted size exceeds the limit of {maxBytes} bytes");
        }
    }
}

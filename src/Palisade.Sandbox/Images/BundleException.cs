namespace Palisade.Sandbox.Images;

/// <summary>
/// An expected failure while turning a target into a bundle: a bad archive, an ambiguous image,
/// a hostile layer entry. The message is one line, fit for a CLI that prints it and exits 2.
/// </summary>
public sealed class BundleException : Exception
{
    public BundleException()
    {
    }

    public BundleException(string message)
        : base(message)
    {
    }

    public BundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Palisade.Sandbox.Images;

/// <summary>
/// An expected failure while turning a target into a bundle: a bad archive, an ambiguous image,
/// a hostile layer entry. The message is one line, fit for a CLI that prints it and exits 2
/// (or 3 when <see cref="IsEnvironmentProblem"/>: a missing tool, with the fix in the message).
/// </summary>
public sealed class BundleException : Exception
{
    /// <summary>True when the host lacks something (gcc, busybox), not when the input is bad.</summary>
    public bool IsEnvironmentProblem { get; init; }

    public BundleException()
    {
    }

    public BundleException(string message)
        : base(OneLine(message))
    {
    }

    public BundleException(string message, Exception innerException)
        : base(OneLine(message), innerException)
    {
    }

    /// <summary>Entry names come from hostile archives: control characters are shown escaped so the message stays one line.</summary>
    private static string OneLine(string? message)
    {
        if (message is null || !message.Any(char.IsControl))
        {
            return message ?? "";
        }

        var builder = new System.Text.StringBuilder(message.Length + 8);
        foreach (var c in message)
        {
            if (char.IsControl(c))
            {
                builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

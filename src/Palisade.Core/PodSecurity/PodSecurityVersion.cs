using System.Globalization;

namespace Palisade.Core.PodSecurity;

/// <summary>
/// A policy version as written in a namespace label or on the command line: <c>latest</c> or <c>v1.N</c>
/// (no leading zeros). Kept unclamped so messages can show what the user wrote; the evaluator clamps.
/// </summary>
public readonly record struct PodSecurityVersion
{
    private PodSecurityVersion(int minor, bool isLatest)
    {
        Minor = minor;
        IsLatest = isLatest;
    }

    public static PodSecurityVersion Latest { get; } = new(0, isLatest: true);

    /// <summary>The N of v1.N; meaningless when <see cref="IsLatest"/>.</summary>
    public int Minor { get; }

    public bool IsLatest { get; }

    public static PodSecurityVersion Of(int minor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        return new PodSecurityVersion(minor, isLatest: false);
    }

    /// <summary>Parses <c>latest</c> or <c>^v1\.(0|[1-9][0-9]*)$</c>, exactly as upstream does.</summary>
    public static bool TryParse(string? text, out PodSecurityVersion version)
    {
        version = Latest;
        if (text == "latest")
        {
            return true;
        }

        if (text is null || text.Length < 4 || !text.StartsWith("v1.", StringComparison.Ordinal))
        {
            return false;
        }

        var digits = text.AsSpan(3);
        if ((digits.Length > 1 && digits[0] == '0') || !digits.ContainsOnlyDigits())
        {
            return false;
        }

        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            return false;
        }

        version = Of(minor);
        return true;
    }

    public override string ToString() => IsLatest ? "latest" : $"v1.{Minor.ToString(CultureInfo.InvariantCulture)}";
}

internal static class SpanDigits
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}

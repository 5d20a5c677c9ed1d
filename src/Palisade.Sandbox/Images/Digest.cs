using System.Security.Cryptography;

namespace Palisade.Sandbox.Images;

internal static class Digest
{
    public static string Of(ReadOnlySpan<byte> data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));

    public static string Of(Stream stream) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));

    /// <summary>The hex part of a <c>sha256:</c> digest, or null when it is not exactly 64 lowercase hex digits (so it can never name a path outside blobs/).</summary>
    public static string? Hex(string? digest)
    {
        if (digest is null || !digest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            return null;
        }

        var hex = digest["sha256:".Length..];
        return hex.Length == 64 && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') ? hex : null;
    }
}

namespace Palisade.Core.Assessment;

/// <summary>How far a workload is trusted: only a trusted one may share the host kernel.</summary>
public enum TrustLevel
{
    Untrusted,
    Trusted,
}

/// <summary>The one spelling of <see cref="TrustLevel"/> on the command line and in reports.</summary>
public static class TrustLevelNames
{
    public static string Name(this TrustLevel trust) => trust == TrustLevel.Trusted ? "trusted" : "untrusted";

    public static bool TryParse(string? text, out TrustLevel trust)
    {
        trust = text == "trusted" ? TrustLevel.Trusted : TrustLevel.Untrusted;
        return text is "trusted" or "untrusted";
    }
}

namespace Palisade.Sandbox.Bench;

/// <summary>The repetitions of one benchmark under one runtime, summarised.</summary>
/// <param name="Runtime"><c>native</c>, <c>runc</c> or <c>runsc</c>.</param>
/// <param name="Platform">The runsc platform (ptrace, kvm, systrap); null for runc and native.</param>
/// <param name="Median">Median over the repetitions that succeeded; NaN when none did.</param>
/// <param name="Min">Smallest value; NaN when no repetition succeeded.</param>
/// <param name="Max">Largest value; NaN when no repetition succeeded.</param>
/// <param name="RatioToNative">Median divided by the native median; NaN when native was not measured.</param>
/// <param name="Error">Why a repetition failed (the first failure), or null when all succeeded.</param>
public sealed record RuntimeStat(string Runtime, string? Platform, double Median, double Min, double Max, double RatioToNative, string? Error = null)
{
    /// <summary>Above this (max - min) / median the figure is flagged as too noisy to trust.</summary>
    public const double MaxTrustedSpread = 0.25;

    /// <summary>(max - min) / median; NaN when nothing was measured.</summary>
    public double Spread => (Max - Min) / Median;

    /// <summary>True when the repetitions disagree by more than <see cref="MaxTrustedSpread"/>.</summary>
    public bool TooNoisy => Spread > MaxTrustedSpread;
}

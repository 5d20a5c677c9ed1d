using Palisade.Core.Cis;
using Palisade.Core.Manifests;
using Palisade.Core.Policy;
using Palisade.Core.Scanning;

namespace Palisade.Core.Gate;

/// <summary>Everything the gate weighs, already read and validated.</summary>
/// <param name="Policy">The runtime policy with its <c>gate:</c> section.</param>
/// <param name="Manifests">What will be deployed; null when none were given.</param>
/// <param name="Reports">Scan reports.</param>
/// <param name="Images">Images given with <c>--image</c>, read for the CIS image checks.</param>
/// <param name="Suppressions">Accepted findings.</param>
/// <param name="Baseline">Findings that existed before; null: no baseline.</param>
/// <param name="Canary">Canary outcomes, when the canary ran.</param>
/// <param name="Now">The time to judge report age and suppression expiry by.</param>
public sealed record GateInput(
    RuntimePolicy Policy,
    ManifestSet? Manifests,
    IReadOnlyList<ScanReport> Reports,
    IReadOnlyList<ImageFacts> Images,
    IReadOnlyList<Suppression> Suppressions,
    Baseline? Baseline,
    IReadOnlyList<CanaryOutcome> Canary,
    DateTimeOffset Now);

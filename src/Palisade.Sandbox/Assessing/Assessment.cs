using Palisade.Core.Assessment;
using Palisade.Sandbox.Profiling;

namespace Palisade.Sandbox.Assessing;

/// <summary>
/// What an assessment found. Either <see cref="Blocker"/> is set (a failure that is not gVisor's: nothing was
/// compared and nothing is recommended) or, when runsc ran, <see cref="Recommendation"/> is.
/// </summary>
/// <param name="Profile">The runs, their syscalls and the compatibility verdict.</param>
/// <param name="Recommendation">The runtime to use; null when runsc did not run or a blocker stopped the comparison.</param>
/// <param name="Blocker">Why the runs could not be compared (runc refused the container; every run timed out).</param>
/// <param name="Overhead">Measured and predicted slowdown, when asked for and both runs succeeded.</param>
/// <param name="Seccomp">The generated profile and its proof, when asked for.</param>
/// <param name="Trust">The trust level the recommendation weighed.</param>
public sealed record Assessment(
    WorkloadProfile Profile,
    RuntimeRecommendation? Recommendation,
    RunBlocker? Blocker,
    OverheadEstimate? Overhead,
    SeccompOutcome? Seccomp,
    TrustLevel Trust);

using Palisade.Core.Assessment;
using Palisade.Core.Syscalls;

namespace Palisade.Core.Tests.Assessment;

public sealed class RuntimeRecommenderTests
{
    private static CompatibilityReport Report(bool compatible, params CompatibilityFinding[] unsupported) => new()
    {
        Runtime = "runsc",
        RunscVersion = "20221219",
        Compatible = compatible,
        Unsupported = unsupported,
        Partial = [],
        UnknownSyscalls = [],
        Classification = new Dictionary<string, SyscallSupport>(),
        Reason = compatible ? "same exit code" : "exit code differs",
    };

    [Fact]
    public void Recommend_CompatibleUntrusted_IsGvisorAndNamesTheFallback()
    {
        var r = RuntimeRecommender.Recommend(new RecommendationInput
        {
            Compatibility = Report(true, new CompatibilityFinding("rseq", "Partial", "", 1, "fallback")),
            RuncExitCode = 0,
            RunscExitCode = 0,
        });

        Assert.Equal(RecommendedRuntime.Gvisor, r.Runtime);
        Assert.Contains(r.Reasons, x => x.Contains("rseq returned ENOSYS", StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_FatalUnsupportedSyscall_IsKataNamingItAndSayingKataCannotRunHere()
    {
        var r = RuntimeRecommender.Recommend(new RecommendationInput
        {
            Compatibility = Report(false, new CompatibilityFinding("userfaultfd", "Unimplemented", "", 1, "fatal")),
            RuncExitCode = 0,
            RunscExitCode = 1,
            KataRunnableHere = false,
        });

        Assert.Equal(RecommendedRuntime.Kata, r.Runtime);
        Assert.Contains(r.Reasons, x => x.Contains("needs userfaultfd", StringComparison.Ordinal));
        Assert.Contains(r.Reasons, x => x.Contains("Kata cannot run on this host", StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_DivergentFailureWithoutUnsupportedCall_IsKataWithTheEvidence()
    {
        var r = RuntimeRecommender.Recommend(new RecommendationInput
        {
            Compatibility = Report(false),
            RuncExitCode = 0,
            RunscExitCode = 2,
            KataRunnableHere = true,
            FailsOnlyUnderRunsc = [new DivergentFailure("statx", "EINVAL", 1)],
        });

        Assert.Equal(RecommendedRuntime.Kata, r.Runtime);
        Assert.Contains(r.Reasons, x => x.Contains("statx EINVAL (x1)", StringComparison.Ordinal));
        Assert.DoesNotContain(r.Reasons, x => x.Contains("cannot run on this host", StringComparison.Ordinal));
    }

    [Fact]
    public void Recommend_TrustedWorkload_MayRunOnRunc()
    {
        var r = RuntimeRecommender.Recommend(new RecommendationInput { Compatibility = Report(true), RuncExitCode = 0, RunscExitCode = 0, Trusted = true });

        Assert.Equal(RecommendedRuntime.Runc, r.Runtime);
    }

    [Fact]
    public void Recommend_UntrustedIncompatible_NeverRunc()
    {
        var r = RuntimeRecommender.Recommend(new RecommendationInput { Compatibility = Report(false), RuncExitCode = 0, RunscExitCode = 1 });

        Assert.NotEqual(RecommendedRuntime.Runc, r.Runtime);
    }
}

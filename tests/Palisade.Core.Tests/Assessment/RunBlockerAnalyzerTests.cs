using Palisade.Core.Assessment;

namespace Palisade.Core.Tests.Assessment;

public sealed class RunBlockerAnalyzerTests
{
    private const string RuncNovar = "time=\"2026-12-03T07:04:20Z\" level=error msg=\"runc run failed: unable to start container process: error during container init: environment variable name can't be empty: \\\"=novar\\\"\"\n";

    [Fact]
    public void Find_RuncRefusesTheContainer_InputBlockerNamingRuncsError()
    {
        var blocker = RunBlockerAnalyzer.Find(new RunEvidence(1, false, "", RuncNovar, null), new RunEvidence(0, false, "hi\n", "", null), TimeSpan.FromSeconds(60));

        Assert.NotNull(blocker);
        Assert.Equal(RunBlockerKind.RuncRefused, blocker.Kind);
        Assert.Equal(BlockerBlame.Input, blocker.Blame);
        Assert.Contains("environment variable name can't be empty: \"=novar\"", blocker.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_BothTimedOut_InputBlocker()
    {
        var blocker = RunBlockerAnalyzer.Find(new RunEvidence(null, true, "", "", null), new RunEvidence(null, true, "", "", null), TimeSpan.FromSeconds(2));

        Assert.Equal(RunBlockerKind.TimedOutEverywhere, blocker?.Kind);
    }

    [Fact]
    public void Find_WorkloadFailsOnItsOwn_NoBlocker()
    {
        Assert.Null(RunBlockerAnalyzer.Find(new RunEvidence(1, false, "", "usage: tool\n", null), new RunEvidence(1, false, "", "usage: tool\n", null), TimeSpan.FromSeconds(2)));
    }
}
